#include "storage/db_config.h"

#include <gtest/gtest.h>

namespace prefill {
namespace {

TEST(DbConfigTest, ParsesTcpUrl) {
  auto c = ParseDatabaseUrl("mysql://app:s%40cret@db.example:3307/prefill");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->user, "app");
  EXPECT_EQ(c->password, "s@cret");
  EXPECT_EQ(c->host, "db.example");
  EXPECT_EQ(c->port, 3307);
  EXPECT_EQ(c->database, "prefill");
  EXPECT_TRUE(c->socket.empty());
}

TEST(DbConfigTest, ParsesSocketUrlAndTimeouts) {
  auto c = ParseDatabaseUrl("mysql://root@localhost/prefill?socket=/tmp/x.sock&connect_timeout=1&read_timeout=3");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->user, "root");
  EXPECT_EQ(c->password, "");
  EXPECT_EQ(c->socket, "/tmp/x.sock");
  EXPECT_EQ(c->connect_timeout_seconds, 1);
  EXPECT_EQ(c->read_timeout_seconds, 3);
  EXPECT_EQ(c->Describe(), "mysql://root@localhost/prefill?socket=/tmp/x.sock");
}

TEST(DbConfigTest, DescribeHidesPassword) {
  auto c = ParseDatabaseUrl("mysql://app:topsecret@h:1/d");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Describe().find("topsecret"), std::string::npos);
}

TEST(DbConfigTest, RefusesBadUrls) {
  EXPECT_FALSE(ParseDatabaseUrl("postgres://x@y/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@y:notaport/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@y:70000/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x%zz@y/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@y/z?bogus=1").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@y/z?connect_timeout=-1").ok());
}

TEST(DbConfigTest, ParsesSeveralHostsInOrder) {
  auto c = ParseDatabaseUrl("mysql://app:pw@h1:3306,h2:3307,h3/prefill?wsrep_sync_wait=3");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto hosts = c->Hosts();
  ASSERT_EQ(hosts.size(), 3u);
  EXPECT_EQ(hosts[0].host, "h1");
  EXPECT_EQ(hosts[0].port, 3306);
  EXPECT_EQ(hosts[1].host, "h2");
  EXPECT_EQ(hosts[1].port, 3307);
  EXPECT_EQ(hosts[2].host, "h3");
  EXPECT_EQ(hosts[2].port, 3306);
  EXPECT_EQ(c->host, "h1");
  EXPECT_EQ(c->wsrep_sync_wait, 3);
  EXPECT_EQ(c->Describe(), "mysql://app:***@h1:3306,h2:3307,h3:3306/prefill");
  EXPECT_EQ(ParseDatabaseUrl("mysql://app@h/prefill")->Hosts().size(), 1u);
  EXPECT_EQ(ParseDatabaseUrl("mysql://app@h/prefill")->wsrep_sync_wait, -1);
}

TEST(DbConfigTest, RefusesBadHostLists) {
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@h1,,h2/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@h1:1,h2:bad/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@h1,/z").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@h1,h2/z?socket=/tmp/s").ok());
  EXPECT_FALSE(ParseDatabaseUrl("mysql://x@h/z?wsrep_sync_wait=16").ok());
}

}  // namespace
}  // namespace prefill
