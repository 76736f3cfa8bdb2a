// list_test.cpp - the LIST_ENTRY / SINGLE_LIST_ENTRY inline helpers and the fast fail
// (bug check 0x139) on a corrupted link.
#include <gtest/gtest.h>

#include <kwmi_rtl.h>

#include <vector>

#include "c_driver_like.h"
#include "kernel_stubs.hpp"
#include "rtl_test_util.hpp"

namespace {

struct Node {
    int value;
    LIST_ENTRY link;
    SINGLE_LIST_ENTRY next;
};

std::vector<int> Values(LIST_ENTRY &head) {
    std::vector<int> values;
    for (PLIST_ENTRY entry = head.Flink; entry != &head; entry = entry->Flink) {
        values.push_back(CONTAINING_RECORD(entry, Node, link)->value);
    }
    return values;
}

TEST(ListHelpers, InsertAndRemoveKeepOrder) {
    LIST_ENTRY head;
    InitializeListHead(&head);
    EXPECT_TRUE(IsListEmpty(&head));
    Node a{1, {}, {}}, b{2, {}, {}}, c{3, {}, {}}, d{4, {}, {}};
    InsertTailList(&head, &b.link);
    InsertHeadList(&head, &a.link);
    InsertTailList(&head, &c.link);
    InsertTailList(&head, &d.link);
    EXPECT_EQ(Values(head), (std::vector<int>{1, 2, 3, 4}));
    EXPECT_FALSE(RemoveEntryList(&b.link));  // not empty afterwards
    EXPECT_EQ(Values(head), (std::vector<int>{1, 3, 4}));
    EXPECT_EQ(RemoveHeadList(&head), &a.link);
    EXPECT_EQ(RemoveTailList(&head), &d.link);
    EXPECT_EQ(Values(head), (std::vector<int>{3}));
    EXPECT_TRUE(RemoveEntryList(&c.link));  // the list is empty now
    EXPECT_TRUE(IsListEmpty(&head));
}

TEST(ListHelpers, RemoveHeadOfEmptyListReturnsHead) {
    LIST_ENTRY head;
    InitializeListHead(&head);
    EXPECT_EQ(RemoveHeadList(&head), &head);
    EXPECT_TRUE(IsListEmpty(&head));
}

TEST(ListHelpers, AppendTailListSplices) {
    LIST_ENTRY head, other;
    InitializeListHead(&head);
    InitializeListHead(&other);
    Node a{1, {}, {}}, b{2, {}, {}}, c{3, {}, {}};
    InsertTailList(&head, &a.link);
    InsertTailList(&other, &b.link);
    InsertTailList(&other, &c.link);
    PLIST_ENTRY first = other.Flink;
    RemoveEntryList(&other);  // detach the second head, leaving a headless ring b<->c
    AppendTailList(&head, first);
    EXPECT_EQ(Values(head), (std::vector<int>{1, 2, 3}));
}

TEST(ListHelpers, SingleListPushPop) {
    SINGLE_LIST_ENTRY head{nullptr};
    Node a{1, {}, {}}, b{2, {}, {}};
    EXPECT_EQ(PopEntryList(&head), nullptr);
    PushEntryList(&head, &a.next);
    PushEntryList(&head, &b.next);
    EXPECT_EQ(PopEntryList(&head), &b.next);
    EXPECT_EQ(PopEntryList(&head), &a.next);
    EXPECT_EQ(PopEntryList(&head), nullptr);
}

TEST(ListHelpers, WorksFromCDriverCode) {
    EXPECT_EQ(DlListWalk_O0(), 14u);
    EXPECT_EQ(DlListWalk_O2(), 14u);
}

TEST(ListHelpers, RemovingAnEntryTwiceIsAFastFail) {
    kwmi::rtl_test::ScopedBugCheckRaiser raiser;
    LIST_ENTRY head;
    InitializeListHead(&head);
    Node a{1, {}, {}}, b{2, {}, {}};
    InsertTailList(&head, &a.link);
    InsertTailList(&head, &b.link);
    RemoveEntryList(&a.link);
    try {
        RemoveEntryList(&a.link);  // its neighbours no longer point back at it
        FAIL() << "expected a bug check";
    } catch (const kwmi::rtl_test::RaisedBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x139u);
        EXPECT_EQ(bugCheck.parameters[0], 3u);  // FAST_FAIL_CORRUPT_LIST_ENTRY
        EXPECT_EQ(bugCheck.rule, "LIST_ENTRY");
    }
}

TEST(ListHelpers, CorruptionWithoutRaiserUsesKeBugCheckEx) {
    LIST_ENTRY head;
    InitializeListHead(&head);
    Node a{1, {}, {}};
    InsertTailList(&head, &a.link);
    head.Blink = &head;  // corrupt: the tail link no longer matches
    try {
        InsertTailList(&head, &a.link);
        FAIL() << "expected a bug check";
    } catch (const kwmi::rtl_test::StubBugCheck &bugCheck) {
        EXPECT_EQ(bugCheck.code, 0x139u);
        EXPECT_EQ(bugCheck.parameters[0], 3u);
    }
}

}  // namespace
