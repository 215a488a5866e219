#pragma once

#include "ui/line_chart.h"
#include "ui/page.h"

class QLabel;
class QAbstractItemModel;
class QLineEdit;
class QToolButton;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace mbc::ui {

class ClientModel;
class DifficultyPanel;
class NextBlockPanel;

// Mining: one block or continuously, to an address, on N threads; the live hash rate, the
// target and what it means in seconds per block, and the blocks this node found. Its other tabs
// show the next block (NextBlockPanel) and the difficulty (DifficultyPanel).
class MiningPage : public Page {
    Q_OBJECT
public:
    explicit MiningPage(ClientModel& model, QWidget* parent = nullptr);

    void setPayee(const QString& address); // the Wallet pane offers its addresses
    // Lists the wallet's addresses (rows of `model`: label and address columns) in a menu
    // next to the address field.
    void offerAddresses(QAbstractItemModel* model, int labelColumn, int addressColumn);
    NextBlockPanel& nextBlock() { return *nextBlock_; }
    DifficultyPanel& difficulty() { return *difficulty_; }

private:
    void retranslate() override;
    void refresh();
    void mineOne();
    void toggleContinuous();
    // The address typed in, or nullopt (and a message saying what is wrong with it).
    std::optional<QString> payee();
    void say(const QString& message, bool error = false);

    ClientModel& model_;
    QLabel* heading_;
    QLabel* addressCaption_;
    QLineEdit* address_;
    QToolButton* pickAddress_;
    QLabel* threadsCaption_;
    QSpinBox* threads_;
    QPushButton* mineOne_;
    QPushButton* startStop_;
    QLabel* message_;
    QLabel* rate_;
    QLabel* target_;
    QLabel* expected_;
    QLabel* found_;
    LineChart chart_;  // hash rate (y) over the last seconds (x)
    QTabWidget* tabs_; // mine, the next block, difficulty
    NextBlockPanel* nextBlock_;
    DifficultyPanel* difficulty_;
    int pendingOne_ = 0; // "mine one block" requests not answered yet
};

} // namespace mbc::ui
