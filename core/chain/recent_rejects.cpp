#include "chain/recent_rejects.h"

namespace mbc {

void RecentRejects::add(const Hash256& hash, const Failure& why) {
    if (capacity_ == 0 || !reasons_.emplace(hash, why).second)
        return;
    order_.push_back(hash);
    while (order_.size() > capacity_) {
        reasons_.erase(order_.front());
        order_.pop_front();
    }
}

const Failure* RecentRejects::find(const Hash256& hash) const {
    auto it = reasons_.find(hash);
    return it == reasons_.end() ? nullptr : &it->second;
}

} // namespace mbc
