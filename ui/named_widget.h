#pragma once

#include <QLineEdit>
#include <QWidget>

namespace mbc::ui {

// A widget with an object name: what the tests and the screenshots find it by.
template <typename T>
T* named(QWidget* parent, const char* name) {
    auto* w = new T(parent);
    w->setObjectName(name);
    return w;
}

// A line edit that shows dots: passphrases, private keys.
inline QLineEdit* secretField(QWidget* parent, const char* name) {
    auto* field = named<QLineEdit>(parent, name);
    field->setEchoMode(QLineEdit::Password);
    return field;
}

} // namespace mbc::ui
