#include "cli/secret_input.h"

#include "cli/node_client.h"
#include "wallet/passphrase_seal.h"

#include <cstdio>
#include <iostream>

#include <termios.h>
#include <unistd.h>

namespace mbc::cli {

WipedString::~WipedString() {
    wallet::wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
}

void wipeBytes(QByteArray& bytes) {
    wallet::wipe({reinterpret_cast<std::uint8_t*>(bytes.data()), std::size_t(bytes.size())});
}

bool stdinIsTerminal() {
    return ::isatty(STDIN_FILENO) == 1;
}

void readSecretLine(const QString& prompt, std::string& line) {
    termios saved{};
    if (stdinIsTerminal() && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        std::fprintf(stderr, "%s", qPrintable(prompt));
        std::fflush(stderr);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        std::getline(std::cin, line);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fprintf(stderr, "\n");
    } else {
        std::getline(std::cin, line);
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
}

void readNewPassphrase(const QString& what, WipedString& passphrase) {
    readSecretLine("Passphrase for " + what + ": ", passphrase.text);
    if (passphrase.text.empty())
        throw CliError("choose a passphrase: it protects the private keys (it is read from the "
                       "terminal, or as a line of stdin, twice)");
    WipedString again;
    readSecretLine("Repeat the passphrase: ", again.text);
    if (again.text != passphrase.text)
        throw CliError("the two passphrases differ");
}

} // namespace mbc::cli
