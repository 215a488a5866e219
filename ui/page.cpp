#include "ui/page.h"

#include <QEvent>
#include <QLabel>

namespace mbc::ui {

void Page::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QLabel* Page::makeHeading() {
    auto* heading = new QLabel(this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    heading->setFont(font);
    return heading;
}

void showOutcome(QLabel* label, const QString& message, bool error) {
    label->setStyleSheet(error ? "color: #b00000;" : QString());
    label->setText(message);
}

} // namespace mbc::ui
