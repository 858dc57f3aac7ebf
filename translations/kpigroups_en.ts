<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>GroupItemDelegate</name>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPIs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupKpiActions</name>
    <message numerus="yes">
        <source>Removed %n KPIs from “%1”.</source>
        <translation>
            <numerusform>Removed %n KPI from “%1”.</numerusform>
            <numerusform>Removed %n KPIs from “%1”.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupKpisPanel</name>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPIs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupLinks</name>
    <message numerus="yes">
        <source>Copied the links to %n groups, one a line.</source>
        <translation>
            <numerusform>Copied the link to %n group.</numerusform>
            <numerusform>Copied the links to %n groups, one a line.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message numerus="yes">
        <source>%1, starred, %n KPI(s)</source>
        <translation>
            <numerusform>%1, starred, %n KPI</numerusform>
            <numerusform>%1, starred, %n KPIs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n KPI(s)</source>
        <translation>
            <numerusform>%1, %n KPI</numerusform>
            <numerusform>%1, %n KPIs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupListPane</name>
    <message numerus="yes">
        <source>%Ln group(s)</source>
        <translation>
            <numerusform>%Ln group</numerusform>
            <numerusform>%Ln groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln group(s)</source>
        <translation>
            <numerusform>%1 of %Ln group</numerusform>
            <numerusform>%1 of %Ln groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiItemDelegate</name>
    <message numerus="yes">
        <source>Owner %1 · also in %n other group(s)</source>
        <translation>
            <numerusform>Owner %1 · also in %n other group</numerusform>
            <numerusform>Owner %1 · also in %n other groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiListView</name>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPIs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiMenu</name>
    <message numerus="yes">
        <source>Copy &amp;Names of %n KPIs</source>
        <translation>
            <numerusform>Copy &amp;Name of %n KPI</numerusform>
            <numerusform>Copy &amp;Names of %n KPIs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Ids of %n KPIs</source>
        <translation>
            <numerusform>Copy &amp;Id of %n KPI</numerusform>
            <numerusform>Copy &amp;Ids of %n KPIs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n KPIs</source>
        <translation>
            <numerusform>Copy &amp;Link to %n KPI</numerusform>
            <numerusform>Copy &amp;Links to %n KPIs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied the names of %n KPIs, one a line.</source>
        <translation>
            <numerusform>Copied the name of %n KPI.</numerusform>
            <numerusform>Copied the names of %n KPIs, one a line.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied the ids of %n KPIs, one a line.</source>
        <translation>
            <numerusform>Copied the id of %n KPI.</numerusform>
            <numerusform>Copied the ids of %n KPIs, one a line.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n KPIs, one a line.</source>
        <translation>
            <numerusform>Copied the link to %n KPI.</numerusform>
            <numerusform>Copied the links to %n KPIs, one a line.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiPlacements</name>
    <message numerus="yes">
        <source>Added %n KPIs to “%1”.</source>
        <translation>
            <numerusform>Added %n KPI to “%1”.</numerusform>
            <numerusform>Added %n KPIs to “%1”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %n KPIs from “%1” to “%2”.</source>
        <translation>
            <numerusform>Moved %n KPI from “%1” to “%2”.</numerusform>
            <numerusform>Moved %n KPIs from “%1” to “%2”.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiPlacing</name>
    <message numerus="yes">
        <source>Add %n KPI(s) to Group</source>
        <translation>
            <numerusform>Add %n KPI to Group</numerusform>
            <numerusform>Add %n KPIs to Group</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPI(s) to Group</source>
        <translation>
            <numerusform>Move %n KPI to Group</numerusform>
            <numerusform>Move %n KPIs to Group</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message numerus="yes">
        <source>Exported %Ln group(s) to %1.</source>
        <translation>
            <numerusform>Exported %Ln group to %1.</numerusform>
            <numerusform>Exported %Ln groups to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) to %1 could not be sent yet: kept, to be sent the next time you open that connection.</source>
        <translation>
            <numerusform>%n change to %1 could not be sent yet: kept, to be sent the next time you open that connection.</numerusform>
            <numerusform>%n changes to %1 could not be sent yet: kept, to be sent the next time you open that connection.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n change has not reached the server yet.</numerusform>
            <numerusform>%n changes have not reached the server yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Discard %n change(s)?</source>
        <translation>
            <numerusform>Discard %n change?</numerusform>
            <numerusform>Discard %n changes?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n week(s) ago</source>
        <translation>
            <numerusform>%n week ago</numerusform>
            <numerusform>%n weeks ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s) ago</source>
        <translation>
            <numerusform>%n month ago</numerusform>
            <numerusform>%n months ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelectionSummary</name>
    <message numerus="yes">
        <source>%n group(s) selected</source>
        <translation>
            <numerusform>%n group selected</numerusform>
            <numerusform>%n groups selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Star the %n group(s) selected (Ctrl+D)</source>
        <translation>
            <numerusform>Star the group selected (Ctrl+D)</numerusform>
            <numerusform>Star the %n groups selected (Ctrl+D)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the star of the %n group(s) selected</source>
        <translation>
            <numerusform>Remove the star of the group selected</numerusform>
            <numerusform>Remove the star of the %n groups selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Group(s)…</source>
        <translation>
            <numerusform>&amp;Delete Group…</numerusform>
            <numerusform>&amp;Delete %n Groups…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n group(s) selected; their KPIs are kept (Del)</source>
        <translation>
            <numerusform>Delete the group selected; its KPIs are kept (Del)</numerusform>
            <numerusform>Delete the %n groups selected; their KPIs are kept (Del)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message numerus="yes">
        <source>Sending %n change(s) made before the app last closed…</source>
        <translation>
            <numerusform>Sending %n change made before the app last closed…</numerusform>
            <numerusform>Sending %n changes made before the app last closed…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made earlier on this connection…</source>
        <translation>
            <numerusform>Sending %n change made earlier on this connection…</numerusform>
            <numerusform>Sending %n changes made earlier on this connection…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n groups. Their KPIs are kept.</source>
        <translation>
            <numerusform>Deleted %n group. Its KPIs are kept.</numerusform>
            <numerusform>Deleted %n groups. Their KPIs are kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) kept from the last time.</source>
        <translation>
            <numerusform>%n unsaved name kept from the last time.</numerusform>
            <numerusform>%n unsaved names kept from the last time.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) in %1.</source>
        <translation>
            <numerusform>%n unsaved name in %1.</numerusform>
            <numerusform>%n unsaved names in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message numerus="yes">
        <source>%n change(s) waiting on %1, whose server cannot be reached</source>
        <translation>
            <numerusform>%n change waiting on %1, whose server cannot be reached</numerusform>
            <numerusform>%n changes waiting on %1, whose server cannot be reached</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1</source>
        <translation>
            <numerusform>%n change waiting on %1</numerusform>
            <numerusform>%n changes waiting on %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not saved to disk</source>
        <translation>
            <numerusform>%n change not saved to disk</numerusform>
            <numerusform>%n changes not saved to disk</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n change waiting to be sent</numerusform>
            <numerusform>%n changes waiting to be sent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UndoRedo</name>
    <message numerus="yes">
        <source>Remove %n KPIs from “%1”</source>
        <translation>
            <numerusform>Remove %n KPI from “%1”</numerusform>
            <numerusform>Remove %n KPIs from “%1”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Star %n Groups</source>
        <translation>
            <numerusform>Star %n Group</numerusform>
            <numerusform>Star %n Groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the Star from %n Groups</source>
        <translation>
            <numerusform>Remove the Star from %n Group</numerusform>
            <numerusform>Remove the Star from %n Groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPIs to “%1”</source>
        <translation>
            <numerusform>Add %n KPI to “%1”</numerusform>
            <numerusform>Add %n KPIs to “%1”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPIs to “%1”</source>
        <translation>
            <numerusform>Move %n KPI to “%1”</numerusform>
            <numerusform>Move %n KPIs to “%1”</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message numerus="yes">
        <source>Remove &amp;Star from %n Groups</source>
        <translation>
            <numerusform>Remove &amp;Star from %n Group</numerusform>
            <numerusform>Remove &amp;Star from %n Groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Star %n Groups</source>
        <translation>
            <numerusform>&amp;Star %n Group</numerusform>
            <numerusform>&amp;Star %n Groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Groups…</source>
        <translation>
            <numerusform>&amp;Delete %n Group…</numerusform>
            <numerusform>&amp;Delete %n Groups…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n Groups</source>
        <translation>
            <numerusform>Copy &amp;Link to %n Group</numerusform>
            <numerusform>Copy &amp;Links to %n Groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message numerus="yes">
        <source>Delete %n groups?</source>
        <translation>
            <numerusform>Delete %n group?</numerusform>
            <numerusform>Delete %n groups?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Groups</source>
        <translation>
            <numerusform>Delete %n Group</numerusform>
            <numerusform>Delete %n Groups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n change has not reached the server yet.</numerusform>
            <numerusform>%n changes have not reached the server yet.</numerusform>
        </translation>
    </message>
</context>
</TS>
