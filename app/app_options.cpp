#include "app_options.h"

#include "node/node_settings.h"
#include "node/private_paths.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace mbc::app {
namespace {

// Backticks mark code in README; a terminal shows the text plain.
QString plain(const QString& markdown) {
    return QString(markdown).remove('`');
}

// "  NAME   words words..." wrapped at 79 columns, as the parser lays out the flags.
QString wrapped(const QString& name, const QString& description) {
    constexpr int kIndent = 24, kWidth = 79;
    QString out = "  " + name.leftJustified(kIndent - 3) + ' ';
    int column = out.size();
    for (const QString& word : description.split(' ', Qt::SkipEmptyParts)) {
        if (column > kIndent && column + 1 + word.size() > kWidth) {
            out += '\n' + QString(kIndent, ' ');
            column = kIndent;
        } else if (column > kIndent) {
            out += ' ';
            ++column;
        }
        out += word;
        column += int(word.size());
    }
    return out + '\n';
}

QList<QCommandLineOption> nodeFlags() {
    QList<QCommandLineOption> flags;
    for (const node::Setting& s : node::nodeSettings())
        if (!s.flag.isEmpty())
            flags.append(QCommandLineOption(s.flag,
                                            QStringLiteral("%1 (%2; default %3).")
                                                .arg(plain(s.help), s.env, plain(s.defaultText)),
                                            s.valueName));
    return flags;
}

struct Flags {
    QCommandLineOption daemon{"daemon", "Run headless as a REST node (no window)."};
    QCommandLineOption checkConfig{"check-config",
                                   "Print the settings the node would use, and exit."};
    // Node settings with a flag (node/node_settings.h); each also has an environment name,
    // which the flag overrides.
    QList<QCommandLineOption> node = nodeFlags();
    QCommandLineOption help{QStringList{"h", "help"}, "Show this help and exit."};
    QCommandLineOption version{QStringList{"v", "version"}, "Show the version and exit."};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({daemon, checkConfig});
        parser.addOptions(node);
        parser.addOptions({help, version});
    }
};

QCommandLineParser& configuredParser(const Flags& flags, QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "MiniBitcoin: a wallet and full node of a small proof-of-work blockchain.\n"
        "Settings come from flags, then the environment, then a .env file in the working "
        "directory.");
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    flags.addTo(parser);
    return parser;
}

} // namespace

std::variant<AppOptions, OptionsError> parseAppOptions(const QStringList& arguments) {
    Flags flags;
    QCommandLineParser parser;
    configuredParser(flags, parser);
    if (!parser.parse(arguments))
        return OptionsError{parser.errorText()};
    AppOptions o;
    // One positional argument: a payment link, as the desktop opens the app for one.
    QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && positional.first().startsWith("minibitcoin:", Qt::CaseInsensitive))
        o.paymentUri = positional.takeFirst();
    if (!positional.isEmpty())
        return OptionsError{QStringLiteral("unexpected argument '%1'").arg(positional.first())};

    o.daemon = parser.isSet(flags.daemon);
    if (o.daemon && !o.paymentUri.isEmpty())
        return OptionsError{QStringLiteral("a payment link opens in the app, not with --daemon")};
    o.checkConfig = parser.isSet(flags.checkConfig);
    o.showHelp = parser.isSet(flags.help);
    o.showVersion = parser.isSet(flags.version);
    for (const QCommandLineOption& option : flags.node)
        if (parser.isSet(option))
            o.nodeFlags.insert(option.names().first(), parser.value(option));
    return o;
}

namespace {

// Larger than any settings file; a .env past it is refused.
constexpr qint64 kMaxDotEnvBytes = 1'000'000;

// The settings in a .env in the working directory (none if there is none). It is checked as
// opened (no other file can take its place between the check and the read): it must be a
// regular file, not a link, that no one but the user (or root) can change.
std::variant<QMap<QString, QString>, OptionsError> readDotEnv(const QString& path) {
    // Not through a link: in a directory others can write, one of theirs could name any file
    // of the user's, whose owner and mode would then pass.
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return QMap<QString, QString>{};
    if (fd < 0 && errno == ELOOP)
        return OptionsError{path + " is a link, so its settings are not read: put them in a file "
                                   "of that name"};
    if (fd < 0)
        return OptionsError{QStringLiteral(".env: cannot read it: %1")
                                .arg(QString::fromLocal8Bit(std::strerror(errno)))};
    QFile file;
    file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle);
    if (const auto why = node::whySettingsFileIsNotPrivate(fd, path))
        return OptionsError{*why};
    const QByteArray text = file.read(kMaxDotEnvBytes + 1);
    if (text.size() > kMaxDotEnvBytes)
        return OptionsError{QStringLiteral("%1 is larger than %2 bytes: not a settings file")
                                .arg(path)
                                .arg(kMaxDotEnvBytes)};
    auto parsed = node::parseDotEnv(QString::fromUtf8(text), ".env");
    if (const auto* e = std::get_if<node::ConfigError>(&parsed))
        return OptionsError{e->message};
    return std::get<QMap<QString, QString>>(parsed);
}

} // namespace

std::variant<node::NodeConfig, OptionsError>
resolveNodeConfig(const AppOptions& options, const QMap<QString, QString>& appSettings) {
    node::ConfigSources sources;
    sources.flags = options.nodeFlags;
    sources.appSettings = appSettings;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : node::configEnvironmentNames())
        if (env.contains(name))
            sources.environment.insert(name, env.value(name));
    const QString dotEnvPath = QFileInfo(".env").absoluteFilePath();
    auto dotEnv = readDotEnv(dotEnvPath);
    if (const auto* e = std::get_if<OptionsError>(&dotEnv))
        return *e;
    sources.dotEnv = std::get<QMap<QString, QString>>(dotEnv);
    sources.dotEnvPath = dotEnvPath;
    auto config = node::loadNodeConfig(sources);
    if (const auto* e = std::get_if<node::ConfigError>(&config))
        return OptionsError{e->message};
    return std::get<node::NodeConfig>(config);
}

QString appHelpText() {
    Flags flags;
    QCommandLineParser parser;
    QString text = configuredParser(flags, parser).helpText();
    // The parser names the program from the running application, which --help does not start.
    text.replace(QRegularExpression("^Usage: \\S+"), "Usage: minibitcoin");
    text += "\nEnvironment (also read from .env; the flags above have one each, named there):\n";
    for (const node::Setting& s : node::nodeSettings())
        if (s.flag.isEmpty())
            text += wrapped(
                s.env, QStringLiteral("%1 (default %2).").arg(plain(s.help), plain(s.defaultText)));
    return text;
}

} // namespace mbc::app
