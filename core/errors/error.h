#pragma once

#include <QString>

namespace ferry {

// Who has to act on a failure: the workspace author, the company's database, the recipient, or us.
enum class Blame { Config, Source, Destination, Ferry };

QString blameName(Blame blame);

// A failure as a value. Messages never hold secrets; `code` is stable (e.g. "FERRY-STATE-OPEN").
struct Error
{
    QString code;
    QString title;
    QString message;
    QString hint;
    Blame blame = Blame::Ferry;

    // One line for a terminal: "title: message (hint)".
    QString toString() const;
};

} // namespace ferry
