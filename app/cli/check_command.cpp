// check: a dry run of a block or transaction on the node (POST /block/check, /tx/check), printed
// rule by rule with the values each rule compared.
#include "cli/cli_output.h"
#include "cli/commands.h"
#include "consensus/serialize/json_codec.h"

#include <QDateTime>
#include <QFile>

#include <cstdio>

namespace mbc::cli {
namespace {

constexpr qint64 kMaxInputBytes = 8'000'000; // what the node takes in one request

json::Value readJsonInput(const QString& path) {
    QFile file;
    const bool fromStdin = path == QStringLiteral("-");
    const bool opened = fromStdin ? file.open(stdin, QIODevice::ReadOnly)
                                  : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        throw CliError(path + ": cannot be read (" + file.errorString() + ")");
    const QByteArray text = file.read(kMaxInputBytes + 1);
    if (text.size() > kMaxInputBytes)
        throw CliError(path + ": larger than a block or transaction can be (" +
                       QString::number(kMaxInputBytes) + " bytes)");
    auto parsed = parseJson(std::string_view(text.constData(), std::size_t(text.size())));
    if (!parsed)
        throw CliError(path + ": not JSON: " + QString::fromStdString(parsed.failure().message));
    return std::move(parsed).value();
}

bool looksLikeBlock(const json::Value& v) {
    return v.isObject() && v.find("header") && v.find("transactions");
}

bool looksLikeTransaction(const json::Value& v) {
    return v.isObject() && v.find("inputs") && v.find("outputs");
}

QString factValue(const json::Value& fact) {
    const QString kind = field(fact, "kind");
    const QString value = field(fact, "value");
    if (kind == QStringLiteral("amount"))
        return value + " (" + coins(integerField(fact, "value")) + " coins)";
    if (kind == QStringLiteral("time"))
        return value + " (" +
               QDateTime::fromSecsSinceEpoch(integerField(fact, "value"), Qt::UTC)
                   .toString(Qt::ISODate) +
               ")";
    return value;
}

QString whereOf(const json::Value& step) {
    QStringList where;
    if (step.find("tx"))
        where << "tx " + field(step, "tx");
    if (step.find("input"))
        where << "input " + field(step, "input");
    return where.join(' ');
}

void printReport(const json::Value& r) {
    const bool block = field(r, "subject") == QStringLiteral("block");
    std::printf("%s %s\n", block ? "Block" : "Transaction",
                qPrintable(field(r, block ? "block_hash" : "txid")));
    std::printf("Checked against %s\n", qPrintable(field(r, "checked_against")));
    if (r.find("not_checked"))
        std::printf("Not checked: %s\n", qPrintable(field(r, "not_checked")));
    std::printf("\n");
    for (const json::Value& step : member(r, "steps").asArray()) {
        const bool passed = member(step, "passed").asBool();
        const QString where = whereOf(step);
        std::printf("%s %s (%s)%s%s\n", passed ? "pass" : "FAIL", qPrintable(field(step, "rule")),
                    qPrintable(field(step, "code")), where.isEmpty() ? "" : "  ",
                    qPrintable(where));
        QList<QPair<QString, QString>> facts;
        for (const json::Value& fact : member(step, "facts").asArray())
            facts.append({"       " + field(fact, "name"), factValue(fact)});
        printFields(facts);
        if (!passed)
            std::printf("       %s\n", qPrintable(field(step, "message")));
    }
    if (const auto omitted = integerField(r, "passed_steps_not_listed"); omitted > 0)
        std::printf("(%lld more rules passed, not listed)\n", static_cast<long long>(omitted));
    std::printf("\n");
    if (member(r, "valid").asBool()) {
        std::printf("Valid");
        if (r.find("fee"))
            std::printf(", fee %s coins", qPrintable(coins(integerField(r, "fee"))));
        std::printf(" (dry run: nothing was stored or relayed)\n");
    }
}

} // namespace

void checkInput(const CommandContext& c) {
    json::Value subject;
    bool block = false;
    if (c.args.options.contains("block")) {
        const QString arg = c.args.option("block").trimmed();
        bool isHeight = false;
        const uint height = arg.toUInt(&isHeight);
        subject = isHeight ? c.node.get(QStringLiteral("/block/height/%1").arg(height))
                           : c.node.get("/block/" + hashArgument(arg, "--block"));
        block = true;
    } else if (c.args.options.contains("tx")) {
        subject = c.node.get("/tx/" + hashArgument(c.args.option("tx"), "--tx"));
    } else if (!c.args.positional.isEmpty()) {
        const QString path = c.args.positional[0];
        subject = readJsonInput(path);
        block = looksLikeBlock(subject);
        if (!block && !looksLikeTransaction(subject))
            throw CliError(path +
                           ": neither a block (an object with \"header\" and "
                           "\"transactions\") nor a transaction (\"inputs\" and \"outputs\")");
    } else {
        throw CliError("check: give a FILE (or - for standard input), --block HASH|HEIGHT or "
                       "--tx TXID");
    }
    const json::Value report = c.node.post(block ? "/block/check" : "/tx/check", subject);
    if (c.json)
        printJson(report);
    else
        printReport(report);
    if (!member(report, "valid").asBool())
        throw CliError((block ? "invalid block: " : "invalid transaction: ") +
                       field(report, "code") + ": " + field(report, "message"));
}

} // namespace mbc::cli
