#pragma once

#include <QByteArray>
#include <QString>

#include <string>

namespace mbc::cli {

// Overwrites a secret held in a std::string before it goes.
struct WipedString {
    std::string text;
    ~WipedString();
};

void wipeBytes(QByteArray& bytes);

// Whether stdin is a terminal (prompts are shown and echo turned off) rather than a pipe.
bool stdinIsTerminal();

// A line from the terminal with echo off (the prompt on stderr), else the next line of stdin.
// Secrets come this way, never as arguments: every user of the machine sees those (ps).
void readSecretLine(const QString& prompt, std::string& line);

// A new passphrase, asked twice on a terminal (twice from stdin too: both lines must match).
// Throws CliError if it is empty or the two differ.
void readNewPassphrase(const QString& what, WipedString& passphrase);

} // namespace mbc::cli
