#pragma once

#include "ui/app_settings.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace mbc::ui {

// Edits AppSettings. OK checks and saves them and switches the language at once; the node's
// settings apply the next time MiniBitcoin starts. The node's rows are those
// node::nodeSettings() marks for the dialog, each checked by the same code the node reads it
// with.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    // What the fields hold now; the reason if something is wrong (then nothing is saved).
    AppSettings edited(QString* why) const;

    void accept() override;

signals:
    // After the settings were saved: what applies at once (the language, the wallet's lock).
    void saved(const mbc::ui::AppSettings& settings);

private:
    QMap<QString, QWidget*> nodeFields_; // by environment name
    QSpinBox* lockMinutes_;
    QComboBox* language_;
    QLabel* note_;
    QLabel* error_;
    QDialogButtonBox* buttons_;
};

} // namespace mbc::ui
