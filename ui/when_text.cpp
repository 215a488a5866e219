#include "ui/when_text.h"

#include <QCoreApplication>
#include <QDateTime>

namespace mbc::ui {

QString dateTimeText(std::int64_t secondsSinceEpoch) {
    return QDateTime::fromSecsSinceEpoch(secondsSinceEpoch).toString("yyyy-MM-dd HH:mm:ss");
}

QString whenText(std::int64_t secondsSinceEpoch) {
    if (secondsSinceEpoch <= 0)
        return QCoreApplication::translate("TimeText", "never");
    return dateTimeText(secondsSinceEpoch);
}

} // namespace mbc::ui
