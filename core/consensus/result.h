#pragma once

#include "consensus/reject_code.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace mbc {

// Why something was refused: a stable code and a message for humans.
struct Failure {
    RejectCode code;
    std::string message;

    std::string_view codeName() const { return rejectCodeName(code); }
    // "<code>: <message>", the form of the REST API's "detail" field.
    std::string toString() const { return std::string(codeName()) + ": " + message; }
};

// A value or the Failure that prevented it.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : v_(std::move(value)) {}
    Result(Failure failure)
        : v_(std::move(failure)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const T* operator->() const { return &std::get<0>(v_); }
    const T& operator*() const& { return std::get<0>(v_); }

    const Failure& failure() const { return std::get<1>(v_); }

private:
    std::variant<T, Failure> v_;
};

// The outcome of a check that produces no value.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Failure failure)
        : failure_(std::move(failure)) {}
    static Status success() { return {}; }

    bool ok() const { return !failure_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Failure& failure() const { return *failure_; }

private:
    std::optional<Failure> failure_;
};

inline Failure fail(RejectCode code, std::string message) {
    return {code, std::move(message)};
}

} // namespace mbc
