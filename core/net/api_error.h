#pragma once

#include "consensus/result.h"

#include <QByteArray>
#include <QString>

namespace mbc::store {
class StoreError;
}

namespace mbc::net {

// An error answer: {"detail": "<code>: <message>"} with an HTTP status. Codes are stable:
// the consensus and policy codes (bad-txns-..., duplicate, ...) or one of the API's own below.
struct ApiError {
    int status = 400;
    QString code;
    QString message;

    QByteArray body() const;

    static ApiError badRequest(const QString& code, const QString& message) {
        return {400, code, message};
    }
    static ApiError notFound(const QString& what) { return {404, "not-found", what}; }
    static ApiError unauthorized() {
        return {401, "unauthorized",
                "this route needs 'Authorization: Bearer <token>' (the token is in the node's "
                "data directory, file api_token) unless called from the node's own machine"};
    }
    static ApiError tooManyRequests() {
        return {429, "too-many-requests", "request rate limit exceeded; slow down"};
    }
    static ApiError methodNotAllowed(const QString& method, const QString& path) {
        return {405, "method-not-allowed", method + " is not allowed on " + path};
    }
    static ApiError conflict(const QString& code, const QString& message) {
        return {409, code, message};
    }
    // The database failed: which statement and why is for the node's log, not for a client,
    // who hears what kind of trouble it is (the server is away, the disk is full) if known.
    static ApiError unavailable(const store::StoreError* cause = nullptr);
    // A refused block or transaction: 409 for "already known", 400 otherwise.
    static ApiError fromFailure(const Failure& f);
};

} // namespace mbc::net
