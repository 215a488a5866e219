#pragma once

namespace mbc::test {

// How long a test waits on a node, a daemon or a program before it calls it stuck: long enough
// for the sanitized Debug build on a busy machine, since tests must not depend on machine speed.
inline constexpr int kLongTimeoutMs = 120'000;

} // namespace mbc::test
