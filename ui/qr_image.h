#pragma once

#include <QImage>
#include <QString>

namespace mbc::ui {

// The QR code of `text` as a black-on-white image, each module `scale` pixels, with the
// four-module quiet zone scanners need; a null image if the text is too long for one.
QImage qrImage(const QString& text, int scale = 6);

} // namespace mbc::ui
