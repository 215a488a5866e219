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
    // Plain text always: a message may quote a payment link, a peer or the node, and a QLabel
    // left to guess would render HTML from any of them.
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(error ? "color: #b00000;" : QString());
    label->setText(message);
}

} // namespace mbc::ui
