#pragma once

#include <QWidget>

class QLabel;

namespace mbc::ui {

// A pane of the main window: a large title on top, and its texts set again by retranslate()
// whenever the application's language changes.
class Page : public QWidget {
    Q_OBJECT
protected:
    using QWidget::QWidget;
    virtual void retranslate() = 0;
    void changeEvent(QEvent* event) override;
    QLabel* makeHeading();
};

// Shows the outcome of what the user asked for in `label`: errors in red.
void showOutcome(QLabel* label, const QString& message, bool error = false);

} // namespace mbc::ui
