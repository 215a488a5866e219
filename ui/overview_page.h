#pragma once

#include "ui/page.h"

class QLabel;

namespace mbc::ui {

class ClientModel;

// The first pane: where the chain stands, and on an empty chain what to do first.
class OverviewPage : public Page {
    Q_OBJECT
public:
    explicit OverviewPage(ClientModel& model, QWidget* parent = nullptr);

private:
    void retranslate() override;
    void refresh();

    ClientModel& model_;
    QLabel* heading_;
    QLabel* hint_; // what to do next (empty chain, or the node did not start)
    QLabel* networkName_;
    QLabel* height_;
    QLabel* tip_;
    QLabel* peers_;
    QLabel* mempool_;
    QLabel* sync_;
    QLabel* mining_;
    QLabel* restUrl_;
    QList<QLabel*> captions_;
};

} // namespace mbc::ui
