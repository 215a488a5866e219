#pragma once

#include "ui/page.h"

class QCheckBox;
class QLabel;
class QListView;

namespace mbc::ui {

class LogModel;

// The node's log as it is written, newest at the bottom (followed unless unticked).
class LogPage : public Page {
    Q_OBJECT
public:
    explicit LogPage(LogModel& model, QWidget* parent = nullptr);

private:
    void retranslate() override;

    QLabel* heading_;
    QCheckBox* follow_;
    QListView* view_;
};

} // namespace mbc::ui
