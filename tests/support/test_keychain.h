#pragma once

#include "support/test_servers.h"

#include <gtest/gtest.h>

#include <QString>

namespace ferry::test {

// The throwaway Secret Service the test command starts (scripts/test runs the tests in a D-Bus session with an
// unlocked gnome-keyring-daemon whose keyring lives in a temporary folder). Installs the process's keychain store.
class TestKeychain
{
public:
    // Empty when a KeychainSecretStore reaches a Secret Service, else why not (asked once per process).
    static QString unreachableReason();
};

} // namespace ferry::test

// Skips (or, when servers are required, fails) a test that needs a Secret Service and has none.
#define FERRY_REQUIRE_KEYCHAIN()                                                                                       \
    do {                                                                                                               \
        if (const QString reason = ferry::test::TestKeychain::unreachableReason(); !reason.isEmpty()) {               \
            if (ferry::test::TestServers::serversRequired())                                                           \
                FAIL() << "no Secret Service reachable (" << reason.toStdString()                                     \
                       << "); run the tests through scripts/test, which starts one";                                   \
            GTEST_SKIP() << "no Secret Service reachable (" << reason.toStdString()                                    \
                         << "): scripts/test starts gnome-keyring-daemon in a D-Bus session";                          \
        }                                                                                                              \
    } while (false)
