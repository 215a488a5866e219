#pragma once

#include "ui/page.h"

class QCheckBox;
class QLabel;
class QListView;

namespace mbc::ui {

class LogModel;

// The node's log as it is written, newest at the bottom (followed unless unticked); a refused
// block's line opens, double-clicked, in the Validation pane.
class LogPage : public Page {
    Q_OBJECT
public:
    explicit LogPage(LogModel& model, QWidget* parent = nullptr);

signals:
    // A refused block's line was double-clicked: check:refused:<hash> for the Validation pane.
    void validationRequested(const QString& link);

private:
    void retranslate() override;

    QLabel* heading_;
    QCheckBox* follow_;
    QListView* view_;
    QLabel* hint_;
};

} // namespace mbc::ui
