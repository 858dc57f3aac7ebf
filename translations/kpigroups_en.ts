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
    <name>MainWindow</name>
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
    <message numerus="yes">
        <source>%n change(s) to %1 could not be sent: its server did not answer in time.</source>
        <translation>
            <numerusform>%n change to %1 could not be sent: its server did not answer in time.</numerusform>
            <numerusform>%n changes to %1 could not be sent: its server did not answer in time.</numerusform>
        </translation>
    </message>
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
    <name>Session</name>
    <message numerus="yes">
        <source>Remove %n KPIs from “%1”</source>
        <translation>
            <numerusform>Remove %n KPI from “%1”</numerusform>
            <numerusform>Remove %n KPIs from “%1”</numerusform>
        </translation>
    </message>
</context>
</TS>
