#pragma once

#include "consensus/pow/network_params.h"

#include <QMainWindow>

class QLabel;

namespace mbc::ui {

// The application window. In this release it introduces the project and the network it was
// started for; the node, wallet and explorer panes build on it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(NetworkParams network, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    NetworkParams networkParams_;
    QLabel* heading_;
    QLabel* body_;
    QLabel* network_;
};

} // namespace mbc::ui
