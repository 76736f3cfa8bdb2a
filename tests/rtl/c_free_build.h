/* c_free_build.h - the DBG=0 translation unit's entry points. */
#ifndef KWMI_RTL_TEST_FREE_BUILD_H
#define KWMI_RTL_TEST_FREE_BUILD_H
#ifdef __cplusplus
extern "C" {
#endif
/* Returns 13 (NT_VERIFY evaluated once, the loop ran 3 times) without printing or bug
 * checking, whatever the condition and the IRQL. */
int FreeBuildChecks(int condition);
#ifdef __cplusplus
}
#endif
#endif
