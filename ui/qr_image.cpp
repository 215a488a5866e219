#include "ui/qr_image.h"

#include "wallet/qr_matrix.h"

namespace mbc::ui {

QImage qrImage(const QString& text, int scale) {
    const auto matrix = wallet::qrMatrix(text.toStdString());
    if (!matrix)
        return {};
    constexpr int kQuietZone = 4;
    const int modules = int(matrix->size()) + 2 * kQuietZone;
    QImage image(modules * scale, modules * scale, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < int(matrix->size()); ++y)
        for (int x = 0; x < int(matrix->size()); ++x)
            if ((*matrix)[std::size_t(y)][std::size_t(x)])
                for (int dy = 0; dy < scale; ++dy)
                    for (int dx = 0; dx < scale; ++dx)
                        image.setPixel((x + kQuietZone) * scale + dx, (y + kQuietZone) * scale + dy,
                                       1);
    return image;
}

} // namespace mbc::ui
