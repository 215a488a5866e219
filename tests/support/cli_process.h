#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace mbc::test {

// What one run of a program (minibitcoin-cli, a packaging script) did.
struct CliRun {
    int exitCode = -1; // -1: it crashed or hung
    QString out;
    QString err;
};

// Runs `program` with `args` (in `environment`, or this process's when empty) and waits up to
// two minutes for it to exit.
CliRun runProgram(const QString& program, const QStringList& args,
                  const QProcessEnvironment& environment = {});

// Runs the built minibitcoin-cli with `args`.
CliRun runCli(const QStringList& args);

} // namespace mbc::test
