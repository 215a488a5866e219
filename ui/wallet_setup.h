#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace mbc::ui {

class WalletModel;

// Making the wallet, in steps: choose a passphrase, then either see new recovery words (once),
// type two of them back and create the wallet, or type remembered words and restore it (the
// node finds every address they were used with).
class WalletSetup : public QWidget {
    Q_OBJECT
public:
    explicit WalletSetup(WalletModel& model, QWidget* parent = nullptr);

    void retranslate();
    // The word positions (from 1) the confirm step asks for.
    std::pair<int, int> confirmPositions() const { return positions_; }
    // The wallet from a backup file (its button asks which).
    void restoreBackup(const QString& path);

signals:
    void said(const QString& message, bool error);
    void finished(const QString& message); // the wallet exists now

private:
    bool passphrasesAgree();
    void showNewWords();
    void askForTwoWords();
    void confirm();
    void restore();
    void startOver();
    void finish(const QString& message);

    WalletModel& model_;
    QStackedWidget* steps_;
    // choose
    QLabel* intro_;
    QLabel* passphraseCaption_;
    QLineEdit* passphrase_;
    QLabel* repeatCaption_;
    QLineEdit* repeat_;
    QComboBox* wordCount_;
    QPushButton* createButton_;
    QLabel* restoreIntro_;
    QPlainTextEdit* restoreWords_;
    QPushButton* restoreButton_;
    QPushButton* restoreBackupButton_;
    // words
    QLabel* wordsIntro_;
    QLabel* words_;
    QPushButton* writtenButton_;
    QPushButton* backButton_;
    // confirm
    QLabel* confirmIntro_;
    QLabel* firstCaption_;
    QLineEdit* first_;
    QLabel* secondCaption_;
    QLineEdit* second_;
    QPushButton* confirmButton_;
    QPushButton* showAgainButton_;

    QString newWords_; // shown, not yet confirmed
    std::pair<int, int> positions_{0, 0};
};

// The words in numbered columns, four to a row, for the user to copy out.
QString numberedWords(const QString& words);

} // namespace mbc::ui
