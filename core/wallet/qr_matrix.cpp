#include "wallet/qr_matrix.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace mbc::wallet {

std::optional<QrMatrix> qrMatrix(std::string_view text) {
    const std::string data(text);
    const std::unique_ptr<QRcode, void (*)(QRcode*)> code(
        QRcode_encodeData(int(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0,
                          QR_ECLEVEL_M),
        QRcode_free);
    if (!code)
        return std::nullopt;
    QrMatrix out(std::size_t(code->width), std::vector<bool>(std::size_t(code->width)));
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
            out[std::size_t(y)][std::size_t(x)] = code->data[y * code->width + x] & 1;
    return out;
}

} // namespace mbc::wallet
