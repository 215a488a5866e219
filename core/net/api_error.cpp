#include "net/api_error.h"

#include "consensus/json/json_value.h"

namespace mbc::net {

QByteArray ApiError::body() const {
    json::Value v;
    v.set("detail", (code + ": " + message).toStdString());
    return QByteArray::fromStdString(json::write(v));
}

ApiError ApiError::fromFailure(const Failure& f) {
    const bool known = f.code == RejectCode::TxAlreadyInMempool ||
                       f.code == RejectCode::TxAlreadyKnown || f.code == RejectCode::BlockDuplicate;
    return {known ? 409 : 400, QString::fromLatin1(f.codeName().data(), f.codeName().size()),
            QString::fromStdString(f.message)};
}

} // namespace mbc::net
