#pragma once

#include <QString>
#include <QStringList>

namespace mbc::test {

// What one run of minibitcoin-cli did.
struct CliRun {
    int exitCode = -1; // -1: it crashed or hung
    QString out;
    QString err;
};

// Runs the built minibitcoin-cli with `args` and waits (up to two minutes) for it to exit.
CliRun runCli(const QStringList& args);

} // namespace mbc::test
