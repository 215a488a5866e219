#include "cli/cli_args.h"

namespace mbc::cli {

std::variant<CliArgs, QString> parseCliArgs(const QStringList& args, const ArgsSpec& spec) {
    CliArgs out;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (!arg.startsWith("--") || arg == "--") {
            out.positional << arg;
            continue;
        }
        QString name = arg.mid(2);
        std::optional<QString> inlineValue;
        if (const qsizetype eq = name.indexOf('='); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (spec.flags.contains(name) && !inlineValue) {
            out.flags.insert(name);
        } else if (spec.valueOptions.contains(name)) {
            if (!inlineValue && i + 1 >= args.size())
                return QStringLiteral("%1 needs a value (usage: %2)").arg(arg, spec.usage);
            const QString value = inlineValue ? *inlineValue : args[++i];
            out.options.insert(name, value);
            out.lists[name] << value;
        } else {
            return QStringLiteral("unexpected argument '%1' (usage: %2)").arg(arg, spec.usage);
        }
    }
    if (out.positional.size() < spec.minPositional)
        return QStringLiteral("missing argument (usage: %1)").arg(spec.usage);
    if (out.positional.size() > spec.maxPositional)
        return QStringLiteral("unexpected argument '%1' (usage: %2)")
            .arg(out.positional[spec.maxPositional], spec.usage);
    return out;
}

} // namespace mbc::cli
