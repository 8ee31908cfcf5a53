#include "pipeline/cli/size_order.h"

#include <gtest/gtest.h>

namespace jikji::cli {
namespace {

// One taker gets the largest inputs, the others the smallest, until the two ends meet; every
// input is given once, and equal sizes go in input order.
TEST(SizeOrder, BothEndsMeetAndEveryInputIsTakenOnce) {
    SizeOrder order({3, 10, 1, 7, 5, 7});
    ASSERT_FALSE(order.empty());
    EXPECT_EQ(order.remaining(), 6u);
    EXPECT_EQ(order.front(), 1u);
    EXPECT_EQ(order.takeLargest(), 1u);
    EXPECT_EQ(order.takeSmallest(), 2u);
    EXPECT_EQ(order.takeSmallest(), 0u);
    EXPECT_EQ(order.takeLargest(), 3u);
    EXPECT_EQ(order.remaining(), 2u);
    EXPECT_EQ(order.front(), 5u);
    EXPECT_EQ(order.takeLargest(), 5u);
    EXPECT_FALSE(order.empty());
    EXPECT_EQ(order.takeSmallest(), 4u);
    EXPECT_TRUE(order.empty());
}

TEST(SizeOrder, InputOrderIsKeptFromTheFront) {
    SizeOrder order = SizeOrder::inInputOrder(3);
    EXPECT_EQ(order.takeLargest(), 0u);
    EXPECT_EQ(order.front(), 1u);
    EXPECT_EQ(order.takeLargest(), 1u);
    EXPECT_EQ(order.takeLargest(), 2u);
    EXPECT_TRUE(order.empty());
    EXPECT_TRUE(SizeOrder::inInputOrder(0).empty());
}

}  // namespace
}  // namespace jikji::cli
