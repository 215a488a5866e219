#pragma once

#include "node/validation_report.h"
#include "ui/page.h"
#include "ui/validation_lab.h"

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace mbc::node {
class NodeInterface;
}

namespace mbc::ui {

class ClientModel;
class RuleStepTableModel;

// The validation X-ray: a block or transaction (pasted as JSON, or opened from the Explorer)
// checked by the node as a dry run, every rule in the order the node checks them, with the
// values each compared; and a lab that changes one field and checks again, to show which rule
// catches it. Nothing is stored or sent.
class ValidationPage : public Page {
    Q_OBJECT
public:
    explicit ValidationPage(ClientModel& model, QWidget* parent = nullptr);

    // check:block:<hash> or check:tx:<txid> (the Explorer's links).
    void openLink(const QString& link);
    // Shows `subject` in the editor and checks it (a payment from the Send tab's review).
    void checkSubject(const CheckSubject& subject);
    // Checks the JSON in the editor.
    void checkInput();
    void applyChange();

    const std::optional<node::ValidationReport>& report() const { return report_; }
    RuleStepTableModel& steps() { return *steps_; }

signals:
    // A dry run's answer is shown (for tests and the status bar).
    void reportShown();

private:
    void retranslate() override;
    // `labBase`: what the lab's changes start from (each change is made to it alone).
    void check(CheckSubject subject, bool labBase);
    void show(const node::ValidationReport& report);
    void showFacts(int row);
    void fillChanges();
    QString verdictText(const node::ValidationReport& report) const;

    ClientModel& model_;
    QLabel* heading_;
    QLabel* intro_;
    QPlainTextEdit* input_;
    QPushButton* checkButton_;
    QComboBox* changes_;
    QCheckBox* reseal_;
    QPushButton* applyButton_;
    QLabel* changed_;
    QLabel* verdict_;
    RuleStepTableModel* steps_;
    QTableView* stepsView_;
    QTextBrowser* facts_;

    std::optional<CheckSubject> subject_; // what the lab changes: the last one loaded or pasted
    std::optional<node::ValidationReport> report_;
    quint64 request_ = 0; // the latest check asked for
};

} // namespace mbc::ui
