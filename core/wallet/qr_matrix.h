#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace mbc::wallet {

// A QR code's modules, row by row (true: dark), without the quiet zone around it.
using QrMatrix = std::vector<std::vector<bool>>;

// The QR code of `text` (libqrencode, byte mode, error correction level M: a payment request
// still scans from a phone's camera at an angle). nullopt if it is too long for a QR code.
std::optional<QrMatrix> qrMatrix(std::string_view text);

} // namespace mbc::wallet
