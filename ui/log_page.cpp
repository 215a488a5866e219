#include "ui/log_page.h"

#include "ui/log_model.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace mbc::ui {

LogPage::LogPage(LogModel& model, QWidget* parent)
    : Page(parent)
    , heading_(makeHeading())
    , follow_(new QCheckBox(this))
    , view_(new QListView(this))
    , hint_(new QLabel(this)) {
    view_->setObjectName("logView");
    view_->setModel(&model);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_->setUniformItemSizes(true); // fast with thousands of lines
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    follow_->setChecked(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(view_, 1);
    auto* below = new QHBoxLayout;
    below->addWidget(follow_);
    below->addWidget(hint_, 1);
    layout->addLayout(below);
    hint_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    connect(view_, &QListView::activated, this, [this](const QModelIndex& index) {
        static const QRegularExpression refused("refused block ([0-9a-f]{64})");
        const auto match = refused.match(index.data().toString());
        if (match.hasMatch())
            emit validationRequested("check:refused:" + match.captured(1));
    });
    connect(&model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (follow_->isChecked())
            view_->scrollToBottom();
    });
    retranslate();
}

void LogPage::retranslate() {
    heading_->setText(tr("Log"));
    follow_->setText(tr("Follow new lines"));
    hint_->setText(tr("Double-click a refused block to see which rule it broke."));
}

} // namespace mbc::ui
