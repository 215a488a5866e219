#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "consensus/serialize/block_serialize.h"
#include "support/daemon_process.h"
#include "support/test_chain.h"
#include "support/test_database.h"
#include "json/json_value.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <functional>

#include <memory>

namespace mbc::test {

inline QByteArray jsonBytes(const json::Value& v) {
    return QByteArray::fromStdString(json::write(v));
}

inline QByteArray bytesOf(const Bytes& b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
}

inline json::Value minerBody(const PubKeyHash& address) {
    json::Value v;
    v.set("miner_address", address.hex());
    return v;
}

inline std::string text(const json::Value& object, const char* key) {
    const json::Value* v = object.find(key);
    return v && v->isString() ? v->asString() : std::string("<missing ") + key + ">";
}

inline std::int64_t integer(const json::Value& object, const char* key) {
    const json::Value* v = object.find(key);
    const auto n = v ? v->asInt64() : std::nullopt;
    return n ? *n : std::numeric_limits<std::int64_t>::min();
}

// Missing or mistyped members read as empty/false, so a wrong answer fails a check instead of
// crashing the test.
inline const json::Value::Array& array(const json::Value& object, const char* key) {
    static const json::Value::Array empty;
    const json::Value* v = object.find(key);
    return v && v->isArray() ? v->asArray() : empty;
}

inline bool boolean(const json::Value& object, const char* key) {
    const json::Value* v = object.find(key);
    return v && v->isBool() && v->asBool();
}

inline bool isNull(const json::Value& object, const char* key) {
    const json::Value* v = object.find(key);
    return v && v->isNull();
}

// Polls `condition` (a daemon's answers, say) until it holds; false after `timeoutMs`.
inline bool waitFor(const std::function<bool()>& condition, int timeoutMs = kLongTimeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QThread::msleep(50);
    }
    return true;
}

// A daemon on the test's database backend (SQLite in the test's directory, or the test's
// PostgreSQL database), with `environment` added, on `port` (0: a free one). nullptr (and
// `why`) if it did not start.
inline std::unique_ptr<DaemonProcess> startDaemon(const TestDatabase& db,
                                                  QMap<QString, QString> environment = {},
                                                  QString* why = nullptr, quint16 port = 0) {
    DaemonProcess::Options o;
    o.port = port;
    o.dataDir = db.directory();
    o.databaseUrl = db.databaseUrl();
    o.environment = std::move(environment);
    auto d = std::make_unique<DaemonProcess>(o);
    QString reason;
    if (!d->start(&reason)) {
        if (why)
            *why = reason;
        return nullptr;
    }
    return d;
}

} // namespace mbc::test
