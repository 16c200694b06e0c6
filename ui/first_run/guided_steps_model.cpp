#include "first_run/guided_steps_model.h"

#include "editors/editor_style.h"

#include <QBrush>
#include <QFont>

namespace ferry::ui {

GuidedStepsModel::GuidedStepsModel(QObject *parent)
    : QAbstractListModel(parent), m_steps(kGuideStepCount)
{
}

void GuidedStepsModel::setSteps(const QList<StepState> &steps, std::optional<GuideStep> current)
{
    Q_ASSERT(steps.size() == kGuideStepCount);
    m_steps = steps;
    m_current = current;
    Q_EMIT dataChanged(index(0), index(kGuideStepCount - 1));
}

int GuidedStepsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kGuideStepCount;
}

Qt::ItemFlags GuidedStepsModel::flags(const QModelIndex &index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren : Qt::NoItemFlags;
}

QVariant GuidedStepsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const GuideStep step = GuideStep(index.row());
    const StepState &state = m_steps.at(index.row());
    const bool current = m_current == step;
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1. %2%3").arg(index.row() + 1).arg(GuideProgress::title(step),
                                                                    state.done ? QStringLiteral(" ✓") : QString());
    case Qt::ToolTipRole:
        if (!state.objectName.isEmpty())
            return QStringLiteral("%1: %2 (done)").arg(GuideProgress::title(step), state.objectName);
        return state.done ? QStringLiteral("Done") : QStringLiteral("Not done yet");
    case Qt::ForegroundRole:
        return state.done ? QVariant(QBrush(EditorStyle::successColor())) : QVariant();
    case Qt::FontRole: {
        if (!current)
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    case StepRole: return int(step);
    case DoneRole: return state.done;
    case CurrentRole: return current;
    case ObjectNameRole: return state.objectName;
    default: return {};
    }
}

} // namespace ferry::ui
