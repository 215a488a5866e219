#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace mbc::ui {

class ClientModel;
class LogModel;
class LogPage;
class MiningPage;
class OverviewPage;

// The application window: a pane per task, chosen on the left, and the node's state in the
// status bar (network, height, peers, sync, mining).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Pane { Overview, Mining, Log };

    MainWindow(ClientModel& client, LogModel& log, QWidget* parent = nullptr);

    void showPane(Pane pane);
    Pane currentPane() const;
    MiningPage& miningPage() { return *mining_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refreshStatusBar();

    ClientModel& client_;
    QListWidget* nav_;
    QStackedWidget* stack_;
    OverviewPage* overview_;
    MiningPage* mining_;
    LogPage* log_;
    QLabel* statusNetwork_;
    QLabel* statusHeight_;
    QLabel* statusPeers_;
    QLabel* statusSync_;
    QLabel* statusMining_;
};

} // namespace mbc::ui
