#pragma once

#include "consensus/primitives/fixed_bytes.h"
#include "wallet/keystore.h"

#include <QtGlobal>

#include <variant>

namespace mbc::test {

// An address made of one repeated byte: distinct, readable in a failure message.
inline PubKeyHash testAddress(std::uint8_t b) {
    PubKeyHash a;
    a.bytes.fill(b);
    return a;
}

// The keystore's answer, which the test expects to be a success (else it stops, saying why).
template <typename T>
const T& ok(const std::variant<T, wallet::KeystoreError>& v) {
    if (const auto* e = std::get_if<wallet::KeystoreError>(&v))
        qFatal("unexpected keystore error: %s", e->message.c_str());
    return std::get<T>(v);
}

// The kind of refusal the test expects.
template <typename T>
wallet::KeystoreError::Kind errorKind(const std::variant<T, wallet::KeystoreError>& v) {
    if (!std::holds_alternative<wallet::KeystoreError>(v))
        qFatal("expected a keystore error");
    return std::get<wallet::KeystoreError>(v).kind;
}

} // namespace mbc::test
