#pragma once

#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace mbc::ui {

class WalletModel;

// Looking after the wallet: a backup of its file, a new passphrase, and messages signed with
// one of its addresses or checked against anyone's.
class WalletToolsTab : public QWidget {
    Q_OBJECT
public:
    explicit WalletToolsTab(WalletModel& model, QWidget* parent = nullptr);
    void retranslate();
    // Writes the backup to `path` (the button asks where).
    void backUpTo(const QString& path);
    // Asks where (a file dialog), then backs up.
    void chooseBackupFile();

signals:
    void said(const QString& message, bool error);

private:
    void refreshAddresses();
    void changePassphrase();
    void sign();
    void verify();

    WalletModel& model_;
    QGroupBox* backupBox_;
    QLabel* backupIntro_;
    QPushButton* backupButton_;
    QGroupBox* passphraseBox_;
    QLineEdit* current_;
    QLineEdit* fresh_;
    QLineEdit* repeat_;
    QPushButton* changeButton_;
    QGroupBox* signBox_;
    QComboBox* signAddress_;
    QPlainTextEdit* signText_;
    QPushButton* signButton_;
    QLineEdit* signature_;
    QGroupBox* verifyBox_;
    QLineEdit* verifyAddress_;
    QPlainTextEdit* verifyText_;
    QLineEdit* verifySignature_;
    QPushButton* verifyButton_;
};

} // namespace mbc::ui
