/*++

Module Name:

    layout_checks.c

Abstract:

    Compile-time checks of the data-block layouts the driver writes (mof-toolchain.md §2):
    sizes and offsets of the structures generated from acmewmi.mof. A change in the MOF or
    in the header generator that moves a field fails the build here instead of sending
    consumers misplaced bytes.

--*/
#include "acmewmi.h"

/* Embedded point: 10 data bytes, padded to 12 as an array element or member. */
C_ASSERT(ACME_POINT_SIZE == 10);
C_ASSERT(sizeof(ACME_POINT) == 12);

/* Every scalar type, naturally aligned; datetime is 25 WCHARs. */
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, S8) == 1);
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, S16) == 4);
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, S32) == 8);
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, S64) == 16);
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, U64) == 24);
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, Letter) == 32);
C_ASSERT(FIELD_OFFSET(ACME_SCALARS, Stamp) == 34);
C_ASSERT(ACME_SCALARS_SIZE == 84);

C_ASSERT(FIELD_OFFSET(ACME_ANCHOR, Position) == 4);
C_ASSERT(FIELD_OFFSET(ACME_ANCHOR, Moves) == 16);
C_ASSERT(ACME_ANCHOR_SIZE == 20);

C_ASSERT(FIELD_OFFSET(ACME_ROUTE, Waypoints) == 4);
C_ASSERT(ACME_ROUTE_SIZE == 4 + ACMEWMI_ROUTE_WAYPOINTS * 12);

C_ASSERT(FIELD_OFFSET(ACME_LABEL, Samples) == 8);

C_ASSERT(ACME_CONTROL_SIZE == 8);
/* SetLevel's output is larger than its input: the shared buffer may be too small for it. */
C_ASSERT(AcmeSetLevel_IN_SIZE == 4 && AcmeSetLevel_OUT_SIZE == 8);
C_ASSERT(AcmeFireNotify_IN_SIZE == 4 && AcmeFireNotify_OUT_SIZE == 4);
C_ASSERT(FIELD_OFFSET(AcmeAddValues_IN, B) == 4 && AcmeAddValues_IN_SIZE == 8);
C_ASSERT(FIELD_OFFSET(AcmeAddValues_OUT, Sum) == 0 && AcmeAddValues_OUT_SIZE == 8);

C_ASSERT(ACME_NOTIFY_SIZE == 12);

C_ASSERT(FIELD_OFFSET(ACME_STATISTICS, CollectionEnables) == 4);
C_ASSERT(FIELD_OFFSET(ACME_STATISTICS, Queries) == 16);
C_ASSERT(ACME_STATISTICS_SIZE == 24);

C_ASSERT(FIELD_OFFSET(ACME_HEARTBEAT, CreatedAt) == 8);
C_ASSERT(FIELD_OFFSET(ACME_HEARTBEAT, CreatedAtIrql) == 16);
C_ASSERT(ACME_HEARTBEAT_SIZE == 17);
