#pragma once

#include "node/logging.h"

#include <QEvent>
#include <QObject>

#include <exception>

namespace mbc::app {

// An application object whose event loops (the main one and the node's thread's) outlive an
// exception that a handler let escape: it is logged, that event is dropped, and the process
// runs on. The node catches what it expects (a store in trouble) where it happens; this is the
// last line, so that a missed case costs one event and not the process.
template <typename Base>
class GuardedApplication : public Base {
public:
    using Base::Base;

    bool notify(QObject* receiver, QEvent* event) override {
        try {
            return Base::notify(receiver, event);
        } catch (const std::exception& e) {
            qCCritical(lcNode) << "an event handler failed:" << e.what() << "- carrying on";
        } catch (...) {
            qCCritical(lcNode) << "an event handler failed (unknown exception) - carrying on";
        }
        return false;
    }
};

} // namespace mbc::app
