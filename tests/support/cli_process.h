#pragma once

#include "support/timeouts.h"

#include <QMap>
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

// What every program a test starts runs in: PATH, LANG, TMPDIR and the sanitizers' options
// from this process, a HOME of this test process's own (never the user's), then `extra`. The
// user's settings (API_TOKEN, NETWORK, ...) do not leak in.
QProcessEnvironment cleanEnvironment(const QMap<QString, QString>& extra = {});

// Runs `program` with `args` in `environment` (cleanEnvironment() when empty) and `workDir`,
// `input` on its stdin, and waits up to kLongTimeoutMs for it to exit. With `serveEvents`,
// this thread's event loop runs meanwhile (a ScriptedPeer the program talks to answers).
CliRun runProgram(const QString& program, const QStringList& args,
                  const QProcessEnvironment& environment = {}, const QString& workDir = {},
                  const QByteArray& input = {}, bool serveEvents = false);

// Runs the built minibitcoin-cli with `args` (and `input` on its stdin).
CliRun runCli(const QStringList& args, const QByteArray& input = {}, bool serveEvents = false);

} // namespace mbc::test
