#pragma once

#include "state/log_store.h"
#include "state/transfer_record.h"

#include <nlohmann/json.hpp>

namespace ferry {

// A transfer in the JSON shape of SPEC section 6: Prequel's field names, so scripts written for one read the other.
class TransferJson
{
public:
    static nlohmann::ordered_json toJson(const TransferRecord &record);
    static nlohmann::ordered_json toJson(const LogEvent &event);
    // RFC 3339 UTC with milliseconds, or null for an invalid time.
    static nlohmann::ordered_json time(const QDateTime &time);
};

} // namespace ferry
