#include "net/api_error.h"

#include "consensus/reject_kind.h"
#include "store/database.h"
#include "json/json_value.h"

namespace mbc::net {

QByteArray ApiError::body() const {
    json::Value v;
    v.set("detail", (code + ": " + message).toStdString());
    return QByteArray::fromStdString(json::write(v));
}

ApiError ApiError::unavailable(const store::StoreError* cause) {
    using Kind = store::StoreError::Kind;
    const auto kind = cause ? cause->kind() : Kind::Failed;
    switch (kind) {
    case Kind::Unreachable:
        return {503, "store-unavailable",
                "the node's database cannot be reached; the node keeps trying to reconnect and "
                "carries on once it is back. Try again later"};
    case Kind::Full:
        return {503, "store-unavailable",
                "the node's disk is full, so nothing was written; the node carries on once space "
                "is freed. Try again later"};
    case Kind::Unwritable:
        return {503, "store-unavailable",
                "the node's database cannot be written (the node's log says why); try again "
                "later"};
    default:
        return {503, "store-unavailable",
                "the node's database failed or cannot be reached; try again later (the node's "
                "log has the details)"};
    }
}

namespace {

// MiniBitcoinPy's statuses: 409 for what the node already has, 400 for everything refused.
int statusFor(RejectKind kind) {
    switch (kind) {
    case RejectKind::AlreadyKnown:
        return 409;
    case RejectKind::MissingParent: // an orphan block is held, and POST /block says so (202)
    case RejectKind::Malformed:
    case RejectKind::HeaderInvalid:
    case RejectKind::CommittedInvalid:
    case RejectKind::MissingInputs:
    case RejectKind::BodyMutated:
    case RejectKind::Premature:
    case RejectKind::KnownInvalid:
    case RejectKind::Policy:
        return 400;
    }
    return 400;
}

} // namespace

ApiError ApiError::fromFailure(const Failure& f) {
    return {statusFor(rejectKind(f.code)),
            QString::fromLatin1(f.codeName().data(), f.codeName().size()),
            QString::fromStdString(f.message)};
}

} // namespace mbc::net
