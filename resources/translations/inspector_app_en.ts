<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Application</name>
    <message>
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>摄像头出错：%1</source>
        <extracomment>After a hit, frames are ignored this long: the inspector takes the product away or reads the card. A code read once is read again only after it was out of sight this long (frames seen after the pause). A recorded source is replayed at the camera&apos;s usual rate.</extracomment>
        <translation>Camera error: %1</translation>
    </message>
    <message>
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>开始扫描</source>
        <translation>Start scanning</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>未检测到摄像头。请连接摄像头后点击“刷新”；也可以使用扫码枪、在扫描栏输入或打开图像文件。</source>
        <translation>No camera found. Connect a camera and click &quot;Refresh&quot;; you can also use a barcode scanner, type into the scan bar or open an image file.</translation>
    </message>
    <message numerus="yes">
        <source>已读取 %n 个条码，最近一个：%1</source>
        <translation>
            <numerusform>Read %n barcode, the latest: %1</numerusform>
            <numerusform>Read %n barcodes, the latest: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>将条码对准摄像头…</source>
        <translation>Hold the barcode in front of the camera…</translation>
    </message>
</context>
<context>
    <name>CameraStillDialog</name>
    <message>
        <source>摄像头出错：{message}</source>
        <translation>Camera error: {message}</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在打开摄像头…</source>
        <translation>Opening the camera…</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>目录版本：</source>
        <translation>Catalogue edition:</translation>
    </message>
    <message>
        <source>搜索产品目录</source>
        <translation>Search the catalogue</translation>
    </message>
    <message>
        <source>搜索产品名称、编码、类别、标准或检验项目</source>
        <translation>Search product name, code, category, standard or inspection item</translation>
    </message>
    <message>
        <source>产品类别</source>
        <translation>Product categories</translation>
    </message>
    <message>
        <source>产品种类</source>
        <translation>Product kinds</translation>
    </message>
    <message>
        <source>选择一个产品种类，查看其标准和检验项目。</source>
        <translation>Select a product kind to see its standards and inspection items.</translation>
    </message>
    <message>
        <source>所属类别：</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>许可与认证：</source>
        <translation>Licences and certification:</translation>
    </message>
    <message>
        <source>风险等级：</source>
        <translation>Risk level:</translation>
    </message>
    <message>
        <source>样品 / 备样：</source>
        <translation>Sample / backup:</translation>
    </message>
    <message>
        <source>执行标准：</source>
        <translation>Standards:</translation>
    </message>
    <message>
        <source>主要产区：</source>
        <translation>Main production areas:</translation>
    </message>
    <message>
        <source>检验项目</source>
        <translation>Inspection items</translation>
    </message>
    <message>
        <source>仅显示前 {count} 种，请缩小搜索范围</source>
        <extracomment>Delay between the last keystroke and the search, so typing a word runs one query, not one per letter. Most product kinds listed at once; the label says when there are more.</extracomment>
        <translation>Showing the first {count} only; narrow the search</translation>
    </message>
    <message>
        <source>共 {count} 种产品</source>
        <translation>{count} product kinds</translation>
    </message>
    <message>
        <source>未列出</source>
        <translation>Not listed</translation>
    </message>
    <message>
        <source>工业产品生产许可证（XK）</source>
        <translation>Industrial product production licence (XK)</translation>
    </message>
    <message>
        <source>强制性产品认证（CCC）</source>
        <translation>China Compulsory Certification (CCC)</translation>
    </message>
    <message>
        <source>食品生产许可证（SC）</source>
        <translation>Food production licence (SC)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>CategoryTreeModel</name>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>种类数</source>
        <translation>Kinds</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
</context>
<context>
    <name>CertificateVerificationDialog</name>
    <message>
        <source>扫描的证书二维码</source>
        <translation>Scanned certificate QR code</translation>
    </message>
    <message>
        <source>文件：%1</source>
        <translation>File: %1</translation>
    </message>
    <message>
        <source>真实有效</source>
        <translation>Genuine</translation>
    </message>
    <message>
        <source>伪造</source>
        <translation>Forged</translation>
    </message>
    <message>
        <source>被篡改</source>
        <translation>Altered</translation>
    </message>
    <message>
        <source>未知签发者</source>
        <translation>Unknown signer</translation>
    </message>
    <message>
        <source>无法识别</source>
        <translation>Not recognised</translation>
    </message>
    <message>
        <source>未找到证书二维码</source>
        <translation>No certificate QR code found</translation>
    </message>
    <message>
        <source>证书核验</source>
        <translation>Certificate verification</translation>
    </message>
    <message>
        <source>无法读取</source>
        <translation>Cannot be read</translation>
    </message>
    <message>
        <source>正在核验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>证书内容</source>
        <translation>Certificate content</translation>
    </message>
    <message>
        <source>二维码声称的内容（未经证实）</source>
        <translation>What the QR code claims (NOT verified)</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <source>检验结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>批号</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>生产者统一社会信用代码</source>
        <translation>Producer&apos;s unified social credit code</translation>
    </message>
    <message>
        <source>结论日期</source>
        <translation>Verdict date</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Badge numbers</translation>
    </message>
    <message>
        <source>签发时间</source>
        <translation>Issued at</translation>
    </message>
    <message>
        <source>签发密钥</source>
        <translation>Signing key</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
</context>
<context>
    <name>ConfirmInspectorDialog</name>
    <message>
        <source>第二检查人员确认</source>
        <extracomment>``confirm(first, badge_number, password)``: the service call; raises on failure.</extracomment>
        <translation>Second inspector&apos;s confirmation</translation>
    </message>
    <message>
        <source>第一检查人员：{name}（{badge}）。抽样须由两名执法人员进行，请第二名执法人员输入本人的执法证号和密码。</source>
        <translation>First inspector: {name} ({badge}). Sampling needs two inspectors: the second inspector enters their own badge number and password.</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>CredentialsForm</name>
    <message>
        <source>发生意外错误，详细信息已写入日志。请重试或联系技术支持。</source>
        <extracomment>``login(badge_number, password)``: the service call (e.g. ``IdentityService.login``); raises on failure. ``run(work, on_result)``: runs ``work()`` somewhere and calls ``on_result(value)`` on the GUI thread.</extracomment>
        <translation>An unexpected error occurred; the details are in the log. Try again or contact support.</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请输入执法证号</source>
        <translation>Enter your badge number</translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation>Enter your password</translation>
    </message>
</context>
<context>
    <name>DeadlineTableModel</name>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>办理情况</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>法律依据</source>
        <translation>Legal source</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>无法计算</source>
        <translation>Cannot be computed</translation>
    </message>
    <message>
        <source>{moment} 前</source>
        <translation>by {moment}</translation>
    </message>
    <message>
        <source>已提出异议（{day}，逾期）</source>
        <translation>Objection filed ({day}, late)</translation>
    </message>
    <message>
        <source>已提出异议（{day}）</source>
        <translation>Objection filed ({day})</translation>
    </message>
    <message>
        <source>已责令整改（{day}，{number}）</source>
        <translation>Correction ordered ({day}, {number})</translation>
    </message>
    <message>
        <source>已责令整改（{day}）</source>
        <translation>Correction ordered ({day})</translation>
    </message>
    <message>
        <source>已复查（{day}）：合格</source>
        <translation>Re-checked ({day}): conforming</translation>
    </message>
    <message>
        <source>已复查（{day}）：不合格</source>
        <translation>Re-checked ({day}): non-conforming</translation>
    </message>
    <message>
        <source>已复查（{day}）</source>
        <translation>Re-checked ({day})</translation>
    </message>
</context>
<context>
    <name>DeadlinesView</name>
    <message>
        <source>此结果不产生法定期限。</source>
        <extracomment>Legal sources are long (&quot;《中华人民共和国产品质量法》第十五条；…&quot;): wide enough to read in two or three lines.</extracomment>
        <translation>These results set no legal deadlines.</translation>
    </message>
    <message>
        <source>有期限无法计算：所需年份的法定节假日安排尚未公布或尚未导入，系统不作推测。请在安排公布后同步。</source>
        <translation>Some deadlines cannot be computed: the public-holiday schedule of the year they need has not been published or imported yet, and the system does not guess. Sync once it is published.</translation>
    </message>
    <message>
        <source>法定期限</source>
        <translation>Legal deadlines</translation>
    </message>
    <message>
        <source>双击异议期限可登记异议；双击整改或复查期限可登记责令整改或复查。</source>
        <translation>Double-click the objection window to record an objection; double-click the correction or re-check deadline to record the correction order or the re-check.</translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <source>工业产品</source>
        <translation>Industrial products</translation>
    </message>
    <message>
        <source>食品</source>
        <translation>Food</translation>
    </message>
    <message>
        <source>食用农产品</source>
        <translation>Edible farm produce</translation>
    </message>
    <message>
        <source>高</source>
        <translation>High</translation>
    </message>
    <message>
        <source>中</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>低</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>关键</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>重要</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Minor</translation>
    </message>
    <message>
        <source>不得检出</source>
        <translation>Not detected</translation>
    </message>
    <message>
        <source>仅记录（{note}）</source>
        <translation>Recorded only ({note})</translation>
    </message>
    <message>
        <source>仅记录</source>
        <translation>Recorded only</translation>
    </message>
</context>
<context>
    <name>DueItemTableModel</name>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>法律依据</source>
        <translation>Legal source</translation>
    </message>
    <message>
        <source>抽样单编号</source>
        <translation>Sampling form no.</translation>
    </message>
    <message>
        <source>报告编号</source>
        <translation>Report no.</translation>
    </message>
    <message>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>被抽样单位</source>
        <translation>Sampled party</translation>
    </message>
    <message>
        <source>无法计算</source>
        <translation>Cannot be computed</translation>
    </message>
    <message>
        <source>%1（已逾期）</source>
        <translation>%1 (overdue)</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>请填写责令整改通知书文号。</source>
        <translation>Enter the number of the correction order.</translation>
    </message>
    <message>
        <source>未能登记后续处理：</source>
        <translation>The follow-up could not be recorded:</translation>
    </message>
    <message>
        <source>只有检验结论为不合格的样品才有责令整改和复查。</source>
        <translation>Correction and re-check follow only a non-conforming sample.</translation>
    </message>
    <message>
        <source>责令整改日期</source>
        <translation>Ordered on</translation>
    </message>
    <message>
        <source>复查日期</source>
        <translation>Re-checked on</translation>
    </message>
    <message>
        <source>正在读取检验结果…</source>
        <translation>Reading the results…</translation>
    </message>
    <message>
        <source>尚无检验结果。</source>
        <translation>No results yet.</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>结果不完整</source>
        <translation>Results incomplete</translation>
    </message>
    <message>
        <source>检验报告 {report}，结论：{verdict}。</source>
        <translation>Test report {report}, verdict: {verdict}.</translation>
    </message>
    <message>
        <source>（无编号）</source>
        <translation>(no number)</translation>
    </message>
    <message>
        <source>此检验结果没有相应的法定期限。</source>
        <translation>These results set no legal deadline for this step.</translation>
    </message>
    <message>
        <source>期限无法计算：{note}</source>
        <translation>The deadline cannot be computed: {note}</translation>
    </message>
    <message>
        <source>{name}：{due} 前（{source}）</source>
        <translation>{name}: by {due} ({source})</translation>
    </message>
    <message>
        <source>已登记过责令整改（{day}，{number}）；再次登记将另存一条记录。</source>
        <translation>A correction order was recorded already ({day}, {number}); recording another keeps both.</translation>
    </message>
    <message>
        <source>已登记过复查（{day}）；再次登记将另存一条记录。</source>
        <translation>A re-check was recorded already ({day}); recording another keeps both.</translation>
    </message>
    <message>
        <source>日期 {day} 已超过期限（{due} 前）。仍予登记，记录保留实际日期。</source>
        <translation>{day} is past the deadline (by {due}). It is recorded all the same, with the actual date.</translation>
    </message>
    <message>
        <source>正在登记…</source>
        <translation>Recording…</translation>
    </message>
    <message>
        <source>登记责令整改或复查</source>
        <translation>Record a correction order or re-check</translation>
    </message>
    <message>
        <source>不合格样品的后续处理：责令整改（填写责令整改通知书文号）和复查（填写复查结论）。登记后即签章封存，不能修改；登记后相应期限即从“即将到期”中移除。</source>
        <translation>Follow-up of a non-conforming sample: the correction order (with the order&apos;s number) and the re-check (with its outcome). Each is sealed when recorded and cannot be changed; its deadline then leaves the &quot;due soon&quot; list.</translation>
    </message>
    <message>
        <source>处理类型</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>责令整改</source>
        <translation>Correction order</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Re-check</translation>
    </message>
    <message>
        <source>责令整改通知书文号</source>
        <translation>Correction order no.</translation>
    </message>
    <message>
        <source>复查结论</source>
        <translation>Re-check outcome</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>抽样单编号</source>
        <translation>Sampling form no.</translation>
    </message>
    <message>
        <source>签章封存时间</source>
        <translation>Sealed at</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason for the amendment</translation>
    </message>
    <message>
        <source>更改内容</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>原始记录</source>
        <translation>Original record</translation>
    </message>
    <message>
        <source>更正 {number}</source>
        <translation>Amendment {number}</translation>
    </message>
    <message>
        <source>（内容未变）</source>
        <translation>(content unchanged)</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>打开抽查</source>
        <translation>Open the spot check</translation>
    </message>
    <message>
        <source>打开证书</source>
        <translation>Open a certificate</translation>
    </message>
    <message>
        <source>证书 PDF 或二维码图像</source>
        <translation>Certificate PDF or QR code image</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>当前执法人员：%1（执法证号 %2）</source>
        <translation>Inspector: %1 (badge number %2)</translation>
    </message>
    <message>
        <source>%1 · 登录于 %2</source>
        <translation>%1 · logged in at %2</translation>
    </message>
    <message>
        <source>单位未填</source>
        <translation>no unit given</translation>
    </message>
    <message>
        <source>登记异议…</source>
        <translation>Record an objection…</translation>
    </message>
    <message>
        <source>登记责令整改…</source>
        <translation>Record the correction order…</translation>
    </message>
    <message>
        <source>登记复查…</source>
        <translation>Record the re-check…</translation>
    </message>
    <message numerus="yes">
        <source>%n 项期限即将到期或已逾期</source>
        <translation>
            <numerusform>%n deadline due soon or overdue</numerusform>
            <numerusform>%n deadlines due soon or overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>近期没有到期的期限</source>
        <translation>No deadlines due soon</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>离开时锁定工作站，回来后输入密码继续</source>
        <translation>Lock the workstation while away; enter your password to go on</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>常用操作</source>
        <translation>Quick actions</translation>
    </message>
    <message>
        <source>新建抽查</source>
        <translation>New spot check</translation>
    </message>
    <message>
        <source>扫描</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>抽查记录</source>
        <translation>Spot-check records</translation>
    </message>
    <message>
        <source>核验证书…</source>
        <translation>Verify a certificate…</translation>
    </message>
    <message>
        <source>即将到期（%1 日内）及已逾期的期限</source>
        <translation>Deadlines due within %1 days, and overdue ones</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>办理…</source>
        <translation>Record…</translation>
    </message>
    <message>
        <source>为所选期限登记异议、责令整改或复查</source>
        <translation>Record the objection, correction order or re-check that answers the selected deadline</translation>
    </message>
</context>
<context>
    <name>InspectionItemTableModel</name>
    <message>
        <source>检验项目</source>
        <translation>Inspection items</translation>
    </message>
    <message>
        <source>判定依据</source>
        <translation>Judging standard</translation>
    </message>
    <message>
        <source>检验方法</source>
        <translation>Test method</translation>
    </message>
    <message>
        <source>限量要求</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>检出限：{limit}</source>
        <translation>Detection limit: {limit}</translation>
    </message>
    <message>
        <source>重要程度</source>
        <translation>Criticality</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>执法人员登录</source>
        <translation>Inspector login</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>质量安全监管检查工作站</source>
        <translation>Inspector Workstation</translation>
    </message>
    <message>
        <source>导航</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>主工具栏</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>关于本工作站</source>
        <translation>About this workstation</translation>
    </message>
    <message>
        <source>&lt;h3&gt;质量安全监管检查工作站&lt;/h3&gt;&lt;p&gt;版本 {version}&lt;/p&gt;&lt;p&gt;面向市场监管质量安全检查人员的离线工作站。&lt;/p&gt;&lt;p&gt;数据文件夹：{folder}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Inspector Workstation&lt;/h3&gt;&lt;p&gt;Version {version}&lt;/p&gt;&lt;p&gt;An offline workstation for market-regulation quality and safety inspectors.&lt;/p&gt;&lt;p&gt;Data folder: {folder}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{title} — 演示</source>
        <translation>{title} — Demo</translation>
    </message>
    <message>
        <source>演示数据 · 非真实记录</source>
        <translation>Demo data · not real records</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>锁定工作站，回来后输入密码继续</source>
        <translation>Lock the workstation; enter your password to go on</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>已锁定：%1</source>
        <translation>Locked: %1</translation>
    </message>
    <message>
        <source>执法人员：%1（%2）</source>
        <translation>Inspector: %1 (%2)</translation>
    </message>
    <message>
        <source>演示工作区</source>
        <translation>Demo workspace</translation>
    </message>
    <message>
        <source>正式工作区</source>
        <translation>Live workspace</translation>
    </message>
    <message>
        <source>数据文件夹：{folder}</source>
        <translation>Data folder: {folder}</translation>
    </message>
    <message>
        <source>目录：读取中…</source>
        <translation>Catalogue: loading…</translation>
    </message>
    <message>
        <source>目录：未安装</source>
        <translation>Catalogue: not installed</translation>
    </message>
    <message>
        <source>目录：{edition}</source>
        <translation>Catalogue: {edition}</translation>
    </message>
    <message>
        <source>已登记到总部 · 尚未同步</source>
        <translation>Enrolled with HQ · not synced yet</translation>
    </message>
    <message>
        <source>已登记到总部 · 上次同步 {time}</source>
        <translation>Enrolled with HQ · last sync {time}</translation>
    </message>
    <message>
        <source>本机时钟与总部相差 {minutes} 分钟，请校准时间。</source>
        <translation>This computer&apos;s clock is {minutes} minutes off HQ&apos;s: please set the time.</translation>
    </message>
    <message>
        <source>未连接总部</source>
        <translation>Not enrolled with HQ</translation>
    </message>
    <message>
        <source>本设备尚未登记到总部，记录只保存在本机。</source>
        <translation>This device is not enrolled with HQ yet; records stay on this computer.</translation>
    </message>
    <message>
        <source>待上传：{count}</source>
        <translation>Pending uploads: {count}</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>扫描</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>摄像头扫描</source>
        <translation>Camera scan</translation>
    </message>
    <message>
        <source>扫描记录</source>
        <translation>Scan history</translation>
    </message>
    <message>
        <source>抽查记录</source>
        <translation>Spot-check records</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>产品目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>ObjectionDialog</name>
    <message>
        <source>复检结论为最终结论，不能再提出异议。</source>
        <translation>A re-inspection&apos;s result is final: no further objection can be made.</translation>
    </message>
    <message>
        <source>尚无检验结果，无从提出异议。</source>
        <translation>There are no results yet to object to.</translation>
    </message>
    <message>
        <source>未能登记异议：</source>
        <translation>The objection could not be recorded:</translation>
    </message>
    <message>
        <source>正在读取检验结果…</source>
        <translation>Reading the results…</translation>
    </message>
    <message>
        <source>尚无检验结果。</source>
        <translation>No results yet.</translation>
    </message>
    <message>
        <source>异议针对检验报告 {report}，结论：{verdict}。</source>
        <translation>Objection to test report {report}, verdict: {verdict}.</translation>
    </message>
    <message>
        <source>（无编号）</source>
        <translation>(no number)</translation>
    </message>
    <message>
        <source>此检验结果没有异议期限。</source>
        <translation>These results have no objection window.</translation>
    </message>
    <message>
        <source>异议期限无法计算：{note}</source>
        <translation>The objection window cannot be computed: {note}</translation>
    </message>
    <message>
        <source>{name}：{due} 前（{source}）</source>
        <translation>{name}: by {due} ({source})</translation>
    </message>
    <message>
        <source>此前已登记 {count} 项异议（最近一项：{by}，{day}）。</source>
        <translation>Objections recorded already: {count} (the latest: {by}, {day}).</translation>
    </message>
    <message>
        <source>提出日期 {day} 已超过异议期限（{due} 前）。逾期提出的异议仍予登记，记录中注明逾期。</source>
        <translation>The filing date {day} is past the objection window (by {due}). A late objection is recorded all the same and marked late.</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>结果不完整</source>
        <translation>Results incomplete</translation>
    </message>
    <message>
        <source>正在登记异议…</source>
        <translation>Recording the objection…</translation>
    </message>
    <message>
        <source>登记异议（复检申请）</source>
        <translation>Record an objection (re-inspection request)</translation>
    </message>
    <message>
        <source>记录被抽样单位或标称生产者对检验结果提出的异议。登记后即签章封存，不能修改。异议不停止执行：责令整改和复查期限照常计算。</source>
        <translation>Records an objection to the results by the sampled party or the nominal producer. It is sealed when recorded and cannot be changed. An objection does not suspend enforcement: the correction and re-check deadlines run as before.</translation>
    </message>
    <message>
        <source>异议申请人</source>
        <translation>Objecting party</translation>
    </message>
    <message>
        <source>被抽样单位或标称生产者名称</source>
        <translation>Name of the sampled party or the nominal producer</translation>
    </message>
    <message>
        <source>提出日期</source>
        <translation>Filed on</translation>
    </message>
    <message>
        <source>异议理由</source>
        <translation>Grounds</translation>
    </message>
    <message>
        <source>对哪些检验项目、结果或判定有异议，理由是什么</source>
        <translation>Which items, results or judgements are disputed, and why</translation>
    </message>
    <message>
        <source>登记异议</source>
        <translation>Record the objection</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>清除日期</source>
        <translation>Clear the date</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>选择照片</source>
        <extracomment>What the open-file dialog offers. Camera photos are kept as JPEG at this quality: sharp enough to read a seal number. Qt&apos;s image format names → the media type stored with the attachment.</extracomment>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>图像文件 (%1)</source>
        <translation>Image files (%1)</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Take a photo</translation>
    </message>
    <message>
        <source>未检测到摄像头，无法拍照。请连接摄像头后重试，或点击“从文件添加”选择已拍好的照片。</source>
        <translation>No camera found, so no photo can be taken. Connect a camera and try again, or click &quot;Add from file&quot; to choose photos taken earlier.</translation>
    </message>
    <message>
        <source>无法添加照片</source>
        <translation>Cannot add the photo</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>现场照片</source>
        <translation>Site photos</translation>
    </message>
    <message>
        <source>样品照片</source>
        <translation>Sample photos</translation>
    </message>
    <message>
        <source>封样照片</source>
        <translation>Seal photos</translation>
    </message>
    <message>
        <source>文书扫描件</source>
        <translation>Scanned documents</translation>
    </message>
    <message>
        <source>没有照片。</source>
        <translation>No photos.</translation>
    </message>
    <message>
        <source>还没有照片。可拖入图像文件或用摄像头拍照。</source>
        <translation>No photos yet. Drop image files here or take photos with the camera.</translation>
    </message>
    <message>
        <source>照片类别</source>
        <translation>Photo kind</translation>
    </message>
    <message>
        <source>从文件添加…</source>
        <translation>Add from file…</translation>
    </message>
    <message>
        <source>拍照…</source>
        <translation>Take a photo…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>PlaceDialog</name>
    <message>
        <source>农贸市场</source>
        <translation>Farmers&apos; market</translation>
    </message>
    <message>
        <source>超市</source>
        <translation>Supermarket</translation>
    </message>
    <message>
        <source>批发市场</source>
        <translation>Wholesale market</translation>
    </message>
    <message>
        <source>检查站</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>仓库</source>
        <translation>Warehouse</translation>
    </message>
    <message>
        <source>生产企业</source>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>请填写检查地点名称。</source>
        <translation>Please enter the name of the inspection place.</translation>
    </message>
    <message>
        <source>GPS 坐标超出范围：纬度应在 -90 至 90 之间，经度应在 -180 至 180 之间。</source>
        <translation>GPS coordinates out of range: latitude must be between -90 and 90, longitude between -180 and 180.</translation>
    </message>
    <message>
        <source>GPS 坐标格式应为“纬度,经度”，例如 39.9042,116.4074。</source>
        <translation>GPS coordinates must be written as &quot;latitude,longitude&quot;, e.g. 39.9042,116.4074.</translation>
    </message>
    <message>
        <source>检查地点</source>
        <translation>Inspection place</translation>
    </message>
    <message>
        <source>地点名称</source>
        <translation>Place name</translation>
    </message>
    <message>
        <source>地点类型</source>
        <translation>Place type</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>GPS（可选）</source>
        <translation>GPS (optional)</translation>
    </message>
    <message>
        <source>纬度,经度  例如 39.9042,116.4074</source>
        <translation>latitude,longitude  e.g. 39.9042,116.4074</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>批量打印（%1 份）</source>
        <extracomment>Rasterising above this gains nothing on paper and costs memory (an A4 page at 1200 dpi is 560 MB in RGBx). Width of the paper roll of portable thermal printers.</extracomment>
        <translation>Batch print (%1 documents)</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>打印机无法打开，请检查打印机设置后重试。</source>
        <translation>The printer could not be opened. Check the printer settings and try again.</translation>
    </message>
    <message>
        <source>要打印的文档无法读取。</source>
        <translation>A document to print could not be read.</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Saving failed</translation>
    </message>
    <message>
        <source>文件无法写入：%1</source>
        <translation>The file cannot be written: %1</translation>
    </message>
    <message>
        <source>要保存的文档无法读取。</source>
        <translation>A document to save could not be read.</translation>
    </message>
</context>
<context>
    <name>ProductKindTableModel</name>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>产品名称</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>须取得工业产品生产许可证（XK）</source>
        <translation>Needs an industrial product production licence (XK)</translation>
    </message>
    <message>
        <source>须通过强制性产品认证（CCC）</source>
        <translation>Needs China Compulsory Certification (CCC)</translation>
    </message>
    <message>
        <source>须取得食品生产许可证（SC）</source>
        <translation>Needs a food production licence (SC)</translation>
    </message>
    <message>
        <source>CCC 编码</source>
        <translation>CCC code</translation>
    </message>
    <message>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>样品 + 备样</source>
        <translation>Sample + backup</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>抽样单</source>
        <extracomment>Verdicts a record list shows, worst first (the sort order of the verdict column).</extracomment>
        <translation>Sampling form</translation>
    </message>
    <message>
        <source>检验结果</source>
        <translation>Test results</translation>
    </message>
    <message>
        <source>检验证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>异议</source>
        <translation>Objection</translation>
    </message>
    <message>
        <source>复检</source>
        <translation>Re-inspection</translation>
    </message>
    <message>
        <source>后续处理</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Amendment</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已封存</source>
        <translation>Sealed</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>结果不完整</source>
        <translation>Results incomplete</translation>
    </message>
    <message>
        <source>待检验</source>
        <translation>Awaiting results</translation>
    </message>
    <message>
        <source>抽样未果</source>
        <translation>Sampling failed</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>被抽样单位</source>
        <translation>Sampled party</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>封存时间</source>
        <translation>Sealed</translation>
    </message>
    <message>
        <source>%1（已更正）</source>
        <translation>%1 (amended)</translation>
    </message>
    <message>
        <source>更正记录，更正 %1</source>
        <translation>Amendment correcting %1</translation>
    </message>
    <message>
        <source>此记录已被更正记录更正；两者都保留</source>
        <translation>An amendment corrects this record; both are kept</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <source>打开证书</source>
        <extracomment>Rows listed at once; the count label says when there are more. Pause after the last keystroke in the search field before the query runs. What the certificate file dialog offers: the certificate PDF or a photo/scan of its code.</extracomment>
        <translation>Open a certificate</translation>
    </message>
    <message>
        <source>证书 PDF 或二维码图像</source>
        <translation>Certificate PDF or QR code image</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n 份</source>
        <translation>
            <numerusform>%1, %n document</numerusform>
            <numerusform>%1, %n documents</numerusform>
        </translation>
    </message>
    <message>
        <source>部分记录没有此文档</source>
        <translation>Some records have no such document</translation>
    </message>
    <message numerus="yes">
        <source>以下 %n 条记录没有“%1”，未包含在内：</source>
        <translation>
            <numerusform>This record has no &quot;%1&quot; and was left out:</numerusform>
            <numerusform>These %n records have no &quot;%1&quot; and were left out:</numerusform>
        </translation>
    </message>
    <message>
        <source>不按任务（从零开始）</source>
        <translation>No task (start from scratch)</translation>
    </message>
    <message>
        <source>，截止 %1</source>
        <translation>, due %1</translation>
    </message>
    <message>
        <source>（分派给我）</source>
        <translation> (assigned to me)</translation>
    </message>
    <message numerus="yes">
        <source>显示最近的 %n 条记录（还有更多，请缩小筛选范围）</source>
        <translation>
            <numerusform>Showing the latest %n record (there are more; narrow the filters)</numerusform>
            <numerusform>Showing the latest %n records (there are more; narrow the filters)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>共 %n 条记录</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message>
        <source>抽样单</source>
        <translation>Sampling form</translation>
    </message>
    <message>
        <source>检验证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>抽查任务</source>
        <translation>Spot-check task</translation>
    </message>
    <message>
        <source>编号、产品、被抽样单位、批号、商品条码或信用代码</source>
        <translation>Number, product, sampled party, batch, barcode or credit code</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>新建抽查</source>
        <translation>New spot check</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>80 mm 卷纸</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>打印所选记录的文档（可多选，一次打印）</source>
        <translation>Print the documents of the selected records (select several to print them in one go)</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>核验证书…</source>
        <translation>Verify a certificate…</translation>
    </message>
    <message>
        <source>打开证书 PDF 或二维码照片，核验其真伪</source>
        <translation>Open a certificate PDF or a photo of its QR code and check whether it is genuine</translation>
    </message>
</context>
<context>
    <name>ResultLineTableModel</name>
    <message>
        <source>合格</source>
        <extracomment>Status colours: the verdict colours of the whole application (red fails, green passes, grey is open).</extracomment>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>仅记录</source>
        <translation>Recorded only</translation>
    </message>
    <message>
        <source>未录入</source>
        <translation>Not entered</translation>
    </message>
    <message>
        <source>无法判定</source>
        <translation>Cannot be judged</translation>
    </message>
    <message>
        <source>检验项目</source>
        <translation>Inspection item</translation>
    </message>
    <message>
        <source>检测结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>限量</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>检验方法</source>
        <translation>Test method</translation>
    </message>
    <message>
        <source>检出限</source>
        <translation>Detection limit</translation>
    </message>
    <message>
        <source>快检</source>
        <translation>Rapid test</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>Judgement</translation>
    </message>
    <message>
        <source>判定理由</source>
        <translation>Reasoning</translation>
    </message>
</context>
<context>
    <name>ResultsEditor</name>
    <message>
        <source>没有检验项目可录入。</source>
        <translation>There are no inspection items to enter.</translation>
    </message>
    <message>
        <source>还有检验项目没有有效结果（{reason}）。检验结果保存后即签章封存、不能修改，请先录入全部结果。</source>
        <translation>Some inspection items have no valid result yet ({reason}). Results are sealed when saved and cannot be changed afterwards: enter every result first.</translation>
    </message>
    <message>
        <source>请填写复检报告编号。</source>
        <translation>Enter the re-inspection report number.</translation>
    </message>
    <message>
        <source>请填写复检机构。</source>
        <translation>Enter the re-inspection laboratory.</translation>
    </message>
    <message>
        <source>请填写检验报告编号（现场快检项目除外）。</source>
        <translation>Enter the test report number (not needed for on-site rapid tests).</translation>
    </message>
    <message>
        <source>复检结果已签章封存，为最终结论，不能修改。</source>
        <translation>The re-inspection results are sealed: their verdict is final and cannot be changed.</translation>
    </message>
    <message>
        <source>检验结果已签章封存，不能修改。已登记异议，待录入复检结果。</source>
        <translation>The results are sealed and cannot be changed. An objection was recorded: the re-inspection results are still to be entered.</translation>
    </message>
    <message>
        <source>检验结果已签章封存，不能修改。</source>
        <translation>The results are sealed and cannot be changed.</translation>
    </message>
    <message>
        <source>抽样单签章封存后才能录入检验结果。</source>
        <translation>Results can be entered once the sampling form is sealed.</translation>
    </message>
    <message>
        <source>抽样未果，没有样品可检验。</source>
        <translation>Sampling failed: there is no sample to test.</translation>
    </message>
    <message>
        <source>样品没有目录产品类别，或该类别没有检验项目，无法列出检验项目。请在抽样单中填写产品类别编码。</source>
        <translation>The sample has no catalogue product kind, or the kind has no inspection items, so none can be listed. Enter the product kind code in the sampling form.</translation>
    </message>
    <message>
        <source>按检验报告或现场快检逐项录入结果；每项即时判定。保存后结果签章封存，不能修改。</source>
        <translation>Enter each item&apos;s result from the test report or the on-site rapid test; each is judged as you type. Saved results are sealed and cannot be changed.</translation>
    </message>
    <message>
        <source>未能保存复检结果：{reason}</source>
        <translation>The re-inspection results were not saved: {reason}</translation>
    </message>
    <message>
        <source>未能保存检验结果：{reason}</source>
        <translation>The results were not saved: {reason}</translation>
    </message>
    <message>
        <source>当前判定：{verdict} — {reason}</source>
        <translation>Current verdict: {verdict} — {reason}</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>结果不完整</source>
        <translation>Results incomplete</translation>
    </message>
    <message>
        <source>答复异议：{by} 于 {day} 提出 — {reason}</source>
        <translation>Answers the objection by {by}, filed on {day}: {reason}</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation> (late)</translation>
    </message>
    <message>
        <source>同一检验结果另有 {count} 项较早的异议。</source>
        <translation>{count} earlier objection(s) were filed against the same results.</translation>
    </message>
    <message>
        <source>初检：报告 {report}，{lab}，结论：{verdict}。</source>
        <translation>First test: report {report}, {lab}, verdict: {verdict}.</translation>
    </message>
    <message>
        <source>（无编号）</source>
        <translation>(no number)</translation>
    </message>
    <message>
        <source>检验机构未填</source>
        <translation>laboratory not given</translation>
    </message>
    <message>
        <source>录入复检机构对备样的复检结果，每项即时判定。复检结论取代初检结论，为最终结论，不能再提出异议；保存后签章封存，不能修改。</source>
        <translation>Enter the re-inspection laboratory&apos;s results on the backup sample; each item is judged as it is typed. The re-inspection&apos;s verdict replaces the first one and is final: no further objection can be made. Once saved, the results are sealed and cannot be changed.</translation>
    </message>
    <message>
        <source>食品复检机构不得为初检机构（初检：{lab}），请填写复检机构。</source>
        <translation>For food, the re-inspection laboratory may not be the one that made the first test ({lab}): enter the re-inspection laboratory.</translation>
    </message>
    <message>
        <source>初检为快速检测，复检不得采用快速检测方法。</source>
        <translation>The first test was a rapid test: the re-test may not use a rapid method.</translation>
    </message>
    <message>
        <source>保存复检结果</source>
        <translation>Save the re-inspection results</translation>
    </message>
    <message>
        <source>复检报告编号</source>
        <translation>Re-inspection report no.</translation>
    </message>
    <message>
        <source>复检机构</source>
        <translation>Re-inspection laboratory</translation>
    </message>
    <message>
        <source>复检机构名称</source>
        <translation>Name of the re-inspection laboratory</translation>
    </message>
    <message>
        <source>检验报告编号</source>
        <translation>Test report no.</translation>
    </message>
    <message>
        <source>检验机构</source>
        <translation>Laboratory</translation>
    </message>
    <message>
        <source>报告日期</source>
        <translation>Report date</translation>
    </message>
    <message>
        <source>产品领域</source>
        <translation>Product domain</translation>
    </message>
    <message>
        <source>按目录产品类别</source>
        <translation>From the catalogue product kind</translation>
    </message>
    <message>
        <source>录入复检结果…</source>
        <translation>Enter re-inspection results…</translation>
    </message>
    <message>
        <source>录入复检机构对已登记异议的复检结果；复检结论为最终结论</source>
        <translation>Enter the re-inspection laboratory&apos;s results answering the recorded objection; their verdict is final</translation>
    </message>
    <message>
        <source>取消复检录入</source>
        <translation>Cancel the re-inspection entry</translation>
    </message>
    <message>
        <source>保存检验结果</source>
        <translation>Save the results</translation>
    </message>
</context>
<context>
    <name>SamplingFields</name>
    <message>
        <source>抽样结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basics</translation>
    </message>
    <message>
        <source>抽样单位</source>
        <translation>Sampling unit</translation>
    </message>
    <message>
        <source>被抽样单位</source>
        <translation>Sampled party</translation>
    </message>
    <message>
        <source>标称生产者及受托方</source>
        <translation>Nominal producer and contract manufacturer</translation>
    </message>
    <message>
        <source>样品信息</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>封样与备样</source>
        <translation>Seals and backup sample</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>抽样</source>
        <translation>Sampled</translation>
    </message>
    <message>
        <source>抽样未果</source>
        <translation>Sampling failed</translation>
    </message>
    <message>
        <source>被抽样单位拒签</source>
        <translation>Sampled party refused to sign</translation>
    </message>
    <message>
        <source>监督抽检</source>
        <translation>Supervision sampling</translation>
    </message>
    <message>
        <source>风险监测</source>
        <translation>Risk monitoring</translation>
    </message>
    <message>
        <source>生产</source>
        <translation>Production</translation>
    </message>
    <message>
        <source>流通</source>
        <translation>Circulation</translation>
    </message>
    <message>
        <source>餐饮</source>
        <translation>Catering</translation>
    </message>
    <message>
        <source>城市</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>农村</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>城乡结合部</source>
        <translation>Urban-rural fringe</translation>
    </message>
    <message>
        <source>预包装</source>
        <translation>Prepacked</translation>
    </message>
    <message>
        <source>散装</source>
        <translation>Bulk</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>承检机构</source>
        <translation>Testing laboratory</translation>
    </message>
    <message>
        <source>抽样未果原因</source>
        <translation>Why sampling failed</translation>
    </message>
    <message>
        <source>拒签原因</source>
        <translation>Reason for refusing to sign</translation>
    </message>
    <message>
        <source>见证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <source>抽样单编号</source>
        <translation>Sampling form no.</translation>
    </message>
    <message>
        <source>任务编号</source>
        <translation>Task no.</translation>
    </message>
    <message>
        <source>任务来源</source>
        <translation>Task source</translation>
    </message>
    <message>
        <source>任务类别</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>组织机关</source>
        <translation>Organising authority</translation>
    </message>
    <message>
        <source>抽样类型</source>
        <translation>Sampling type</translation>
    </message>
    <message>
        <source>抽样环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>抽样场所</source>
        <translation>Place type</translation>
    </message>
    <message>
        <source>产品分类</source>
        <translation>Product classification</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>所在省份</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>行政区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <source>城乡属性</source>
        <translation>Urban or rural</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>许可证类型</source>
        <translation>Licence type</translation>
    </message>
    <message>
        <source>许可证编号</source>
        <translation>Licence no.</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>标称生产者名称</source>
        <translation>Nominal producer</translation>
    </message>
    <message>
        <source>生产者地址</source>
        <translation>Producer&apos;s address</translation>
    </message>
    <message>
        <source>生产者行政区划代码</source>
        <translation>Producer&apos;s region code</translation>
    </message>
    <message>
        <source>生产者统一社会信用代码</source>
        <translation>Producer&apos;s unified social credit code</translation>
    </message>
    <message>
        <source>生产许可证编号</source>
        <translation>Production licence no.</translation>
    </message>
    <message>
        <source>生产者电话</source>
        <translation>Producer&apos;s phone</translation>
    </message>
    <message>
        <source>有受托生产企业</source>
        <translation>Made by a contract manufacturer</translation>
    </message>
    <message>
        <source>受托生产企业名称</source>
        <translation>Contract manufacturer</translation>
    </message>
    <message>
        <source>受托生产企业地址</source>
        <translation>Contract manufacturer&apos;s address</translation>
    </message>
    <message>
        <source>受托生产企业许可证</source>
        <translation>Contract manufacturer&apos;s licence</translation>
    </message>
    <message>
        <source>产品类别编码</source>
        <translation>Product kind code</translation>
    </message>
    <message>
        <source>样品名称</source>
        <translation>Sample name</translation>
    </message>
    <message>
        <source>商品条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>GTIN</source>
        <translation>GTIN</translation>
    </message>
    <message>
        <source>商标</source>
        <translation>Trademark</translation>
    </message>
    <message>
        <source>样品类型</source>
        <translation>Sample type</translation>
    </message>
    <message>
        <source>样品来源</source>
        <translation>Sample source</translation>
    </message>
    <message>
        <source>包装分类</source>
        <translation>Packaging</translation>
    </message>
    <message>
        <source>生产日期</source>
        <translation>Production date</translation>
    </message>
    <message>
        <source>保质期</source>
        <translation>Shelf life</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>批号</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>序列号</source>
        <translation>Serial no.</translation>
    </message>
    <message>
        <source>规格型号</source>
        <translation>Specification / model</translation>
    </message>
    <message>
        <source>质量等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>单价（元）</source>
        <translation>Unit price (yuan)</translation>
    </message>
    <message>
        <source>进口产品</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>原产地</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>贮存条件</source>
        <translation>Storage conditions</translation>
    </message>
    <message>
        <source>执行标准</source>
        <translation>Standard applied</translation>
    </message>
    <message>
        <source>生产许可证（XK）编号</source>
        <translation>Production licence (XK) no.</translation>
    </message>
    <message>
        <source>CCC 证书编号</source>
        <translation>CCC certificate no.</translation>
    </message>
    <message>
        <source>抽样日期</source>
        <translation>Sampling date</translation>
    </message>
    <message>
        <source>抽样基数</source>
        <translation>Lot base</translation>
    </message>
    <message>
        <source>抽样数量</source>
        <translation>Sample quantity</translation>
    </message>
    <message>
        <source>备样数量</source>
        <translation>Backup quantity</translation>
    </message>
    <message>
        <source>数量单位</source>
        <translation>Quantity unit</translation>
    </message>
    <message>
        <source>购样费用（元）</source>
        <translation>Purchase cost (yuan)</translation>
    </message>
    <message>
        <source>封条编号</source>
        <translation>Seal numbers</translation>
    </message>
    <message>
        <source>封样状态</source>
        <translation>State of the seals</translation>
    </message>
    <message>
        <source>备样保存方</source>
        <translation>Backup sample kept by</translation>
    </message>
    <message>
        <source>备样保存地点和条件</source>
        <translation>Where and how the backup sample is kept</translation>
    </message>
    <message>
        <source>抽样人员</source>
        <translation>Samplers</translation>
    </message>
    <message>
        <source>第 {number} 名抽样人员姓名</source>
        <translation>Sampler {number}: name</translation>
    </message>
    <message>
        <source>第 {number} 名抽样人员执法证号</source>
        <translation>Sampler {number}: badge number</translation>
    </message>
    <message>
        <source>第 {number} 名抽样人员</source>
        <translation>Sampler {number}</translation>
    </message>
    <message>
        <source>{label}（第 {number} 个）</source>
        <translation>{label} (no. {number})</translation>
    </message>
</context>
<context>
    <name>ScanBar</name>
    <message>
        <source>设置检查地点</source>
        <translation>Set inspection place</translation>
    </message>
    <message>
        <source>尚未设置本次检查的地点；扫描仍会记录</source>
        <translation>No inspection place set yet; scans are still recorded</translation>
    </message>
    <message>
        <source>正在判定…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>等待扫描</source>
        <translation>Waiting for a scan</translation>
    </message>
    <message numerus="yes">
        <source>（还有 %n 个在判定）</source>
        <translation>
            <numerusform>(%n more being checked)</numerusform>
            <numerusform>(%n more being checked)</numerusform>
        </translation>
    </message>
    <message>
        <source>扫描或输入条码、许可证号、信用代码，回车确认</source>
        <translation>Scan or type a barcode, licence number or credit code; press Enter</translation>
    </message>
</context>
<context>
    <name>ScanEventTableModel</name>
    <message>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>黄</source>
        <translation>Amber</translation>
    </message>
    <message>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>无此商品</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <source>无法识别</source>
        <translation>Not recognised</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>商品</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>商品条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>批号</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>生产企业</source>
        <translation>Producer</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>判定</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>扫描内容</source>
        <translation>Scanned text</translation>
    </message>
</context>
<context>
    <name>ScanHistoryPage</name>
    <message numerus="yes">
        <source>显示最近的 %n 条扫描记录（还有更多，请缩小筛选范围）</source>
        <extracomment>Rows listed at once; the count label says when there are more. Pause after the last keystroke in a text filter before the query runs.</extracomment>
        <translation>
            <numerusform>Showing the latest %n scan (there are more; narrow the filter)</numerusform>
            <numerusform>Showing the latest %n scans (there are more; narrow the filter)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>共 %n 条扫描记录</source>
        <translation>
            <numerusform>%n scan</numerusform>
            <numerusform>%n scans</numerusform>
        </translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>至</source>
        <translation>To</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>商品条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>生产企业</source>
        <translation>Producer</translation>
    </message>
    <message>
        <source>地点名称的一部分</source>
        <translation>Part of the place name</translation>
    </message>
    <message>
        <source>8、12、13 或 14 位</source>
        <translation>8, 12, 13 or 14 digits</translation>
    </message>
    <message>
        <source>企业名称的一部分或统一社会信用代码</source>
        <translation>Part of the company name, or its unified social credit code</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>追溯…</source>
        <translation>Trace…</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message numerus="yes">
        <source>正在识别 %n 个图像文件…</source>
        <extracomment>What the open-image dialog offers (anything else can still be dropped and is then reported).</extracomment>
        <translation>
            <numerusform>Reading %n image file…</numerusform>
            <numerusform>Reading %n image files…</numerusform>
        </translation>
    </message>
    <message>
        <source>打开图像文件</source>
        <translation>Open image files</translation>
    </message>
    <message>
        <source>图像</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>%1：无法读取</source>
        <translation>%1: cannot be read</translation>
    </message>
    <message>
        <source>%1：图像中未找到条码</source>
        <translation>%1: no barcode found in the image</translation>
    </message>
    <message numerus="yes">
        <source>%1：找到并记录了 %n 个条码</source>
        <translation>
            <numerusform>%1: found and recorded %n barcode</numerusform>
            <numerusform>%1: found and recorded %n barcodes</numerusform>
        </translation>
    </message>
    <message>
        <source>无法读取图像</source>
        <translation>Cannot read the images</translation>
    </message>
    <message>
        <source>本次检查的扫描</source>
        <translation>Scans of this inspection</translation>
    </message>
    <message>
        <source>打开图像…</source>
        <translation>Open images…</translation>
    </message>
    <message>
        <source>追溯</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>该商品和该企业产品的全部扫描记录</source>
        <translation>Every scan of this item and of this producer&apos;s products</translation>
    </message>
    <message>
        <source>可将含条码的照片或图像文件拖放到此窗口</source>
        <translation>You can drop photos or image files with barcodes onto this window</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <source>第二名抽样人员尚未用本人的执法证号和密码确认。请点击“第二名执法人员确认”。</source>
        <translation>The second sampler has not confirmed with their own badge number and password yet. Click &quot;Second inspector confirms&quot;.</translation>
    </message>
    <message>
        <source>缺少第一抽样人（{name}）的签名。</source>
        <translation>The first sampler&apos;s ({name}) signature is missing.</translation>
    </message>
    <message>
        <source>缺少第二抽样人的签名。</source>
        <translation>The second sampler&apos;s signature is missing.</translation>
    </message>
    <message>
        <source>缺少被抽样单位的签名。如对方拒绝签字，请在抽样单中选择“被抽样单位拒签”并写明原因。</source>
        <translation>The sampled party&apos;s signature is missing. If they refuse to sign, choose &quot;Sampled party refused to sign&quot; in the sampling form and give the reason.</translation>
    </message>
    <message>
        <source>抽样单还有以下问题，须先改正才能签章封存：</source>
        <translation>The sampling form still has these problems; correct them before sealing:</translation>
    </message>
    <message>
        <source>未能签章封存：</source>
        <translation>Could not seal:</translation>
    </message>
    <message>
        <source>正在签章封存…</source>
        <translation>Sealing…</translation>
    </message>
    <message>
        <source>签章封存 {number}</source>
        <translation>Seal {number}</translation>
    </message>
    <message>
        <source>签章封存后，抽样单的内容即被计算摘要并以本机密钥签名，此后不能再修改；如需更正，须另建更正记录。请两名抽样人员和被抽样单位核对抽样单后签名。</source>
        <translation>Sealing hashes the sampling form and signs it with this workstation&apos;s key; after that it can never be changed, and a correction needs an amendment record. Both samplers and the sampled party check the form and sign.</translation>
    </message>
    <message>
        <source>第一抽样人：{name}（执法证号 {badge}）</source>
        <translation>First sampler: {name} (badge number {badge})</translation>
    </message>
    <message>
        <source>第二抽样人：尚未确认</source>
        <translation>Second sampler: not confirmed yet</translation>
    </message>
    <message>
        <source>第二抽样人：{name}（执法证号 {badge}），已用本人密码确认</source>
        <translation>Second sampler: {name} (badge number {badge}), confirmed with their own password</translation>
    </message>
    <message>
        <source>第二名执法人员确认…</source>
        <translation>Second inspector confirms…</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>第一抽样人签名（{name}）</source>
        <translation>First sampler&apos;s signature ({name})</translation>
    </message>
    <message>
        <source>待确认</source>
        <translation>to be confirmed</translation>
    </message>
    <message>
        <source>第二抽样人签名（{name}）</source>
        <translation>Second sampler&apos;s signature ({name})</translation>
    </message>
    <message>
        <source>被抽样单位</source>
        <translation>the sampled party</translation>
    </message>
    <message>
        <source>被抽样单位签名（{site}）</source>
        <translation>Sampled party&apos;s signature ({site})</translation>
    </message>
    <message>
        <source>被抽样单位拒绝签字，原因：{reason}。无需其签名，拒签情况随抽样单一并封存。</source>
        <translation>The sampled party refused to sign: {reason}. No signature of theirs is needed; the refusal is sealed with the sampling form.</translation>
    </message>
    <message>
        <source>（未填写）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>抽样未果（{reason}）：无需被抽样单位签名。</source>
        <translation>Sampling failed ({reason}): no signature of the sampled party is needed.</translation>
    </message>
    <message>
        <source>原因未填写</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>请在此签名</source>
        <translation>Sign here</translation>
    </message>
    <message>
        <source>重签</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <source>签章封存</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SealedRecordTableModel</name>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>签章封存时间</source>
        <translation>Sealed at</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>责令整改</source>
        <translation>Correction order</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Re-check</translation>
    </message>
    <message>
        <source>检验结果</source>
        <translation>Test results</translation>
    </message>
    <message>
        <source>复检结果</source>
        <translation>Re-inspection results</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>异议</source>
        <translation>Objection</translation>
    </message>
    <message>
        <source>{lab}，报告日期 {day}：{verdict}</source>
        <translation>{lab}, report of {day}: {verdict}</translation>
    </message>
    <message>
        <source>检验机构未填</source>
        <translation>laboratory not given</translation>
    </message>
    <message>
        <source>结论：{verdict}</source>
        <translation>Verdict: {verdict}</translation>
    </message>
    <message>
        <source>{by} 于 {day} 提出：{reason}</source>
        <translation>{by} on {day}: {reason}</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation> (late)</translation>
    </message>
    <message>
        <source>{day} 责令整改，文号 {number}</source>
        <translation>{day} correction ordered, no. {number}</translation>
    </message>
    <message>
        <source>{day} 复查：{outcome}</source>
        <translation>{day} re-check: {outcome}</translation>
    </message>
    <message>
        <source>{text}；{note}</source>
        <translation>{text}; {note}</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>结果不完整</source>
        <translation>Results incomplete</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>演示工作区：执法证号 %1，密码 %2</source>
        <extracomment>The setting holding the idle time before the lock, in minutes (a positive number).</extracomment>
        <translation>Demo workspace: badge number %1, password %2</translation>
    </message>
    <message>
        <source> 或 </source>
        <translation> or </translation>
    </message>
    <message>
        <source>工作站已锁定（闲置超时）。请 %1 重新输入密码，或由其他执法人员登录。</source>
        <translation>The workstation is locked (idle too long). %1, enter your password again, or another inspector logs in.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>工作区：</source>
        <translation>Workspace:</translation>
    </message>
    <message>
        <source>数据文件夹：</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>打开数据文件夹</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>数据库文件：</source>
        <translation>Database file:</translation>
    </message>
    <message>
        <source>备份文件夹：</source>
        <translation>Backups folder:</translation>
    </message>
    <message>
        <source>打开备份文件夹</source>
        <translation>Open backups folder</translation>
    </message>
    <message>
        <source>每次升级数据库之前，工作站都会先把数据库复制到备份文件夹。</source>
        <translation>Before every database upgrade the workstation first copies the database into the backups folder.</translation>
    </message>
    <message>
        <source>暂无备份</source>
        <translation>No backups yet</translation>
    </message>
    <message>
        <source>还没有备份。工作站会在升级数据库之前自动创建备份。</source>
        <translation>There are no backups yet. The workstation makes one automatically before upgrading the database.</translation>
    </message>
    <message>
        <source>安全</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>闲置自动锁定：</source>
        <translation>Lock when idle for:</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>无人操作达到设定时间后，工作站自动锁定，须重新输入密码。可设 {low}–{high} 分钟，修改后立即生效。</source>
        <translation>After this long without input the workstation locks and asks for the password again. {low}–{high} minutes; a change applies at once.</translation>
    </message>
    <message>
        <source>演示工作区（示例数据，不是真实记录）</source>
        <translation>Demo workspace (sample data, not real records)</translation>
    </message>
    <message>
        <source>正式工作区</source>
        <translation>Live workspace</translation>
    </message>
</context>
<context>
    <name>SpotCheckEditor</name>
    <message>
        <source>正在保存…</source>
        <extracomment>The form is validated this long after the last keystroke. Separators accepted between items of a list field (seal numbers): comma, semicolon, 、 and blanks.</extracomment>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>目录中没有产品类别 {code}</source>
        <translation>The catalogue has no product kind {code}</translation>
    </message>
    <message>
        <source>；须 {licences}</source>
        <translation>; needs {licences}</translation>
    </message>
    <message>
        <source>{name}（{domain}）：实施细则规定抽样 {sample} {unit}、备样 {backup} {unit}{needs}</source>
        <translation>{name} ({domain}): the implementing rules set a sample of {sample} {unit} and a backup of {backup} {unit}{needs}</translation>
    </message>
    <message>
        <source>建议 {count} {unit}</source>
        <translation>proposed: {count} {unit}</translation>
    </message>
    <message>
        <source>未发现问题。</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>{errors} 个错误（须改正后才能签章封存），{warnings} 个提醒（请核实）。</source>
        <translation>{errors} error(s) (to correct before sealing), {warnings} warning(s) (please check).</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>。第二名抽样人员在签章封存时用本人密码确认。</source>
        <translation>. The second sampler confirms with their own password when sealing.</translation>
    </message>
    <message>
        <source>更正记录 {number}（已签章封存）。更正原因：{reason}</source>
        <translation>Amendment {number} (sealed). Reason: {reason}</translation>
    </message>
    <message>
        <source>更正记录 {number}（草稿）：修改需要更正的内容后签章封存。更正原因：{reason}</source>
        <translation>Amendment {number} (draft): change what needs correcting, then seal. Reason: {reason}</translation>
    </message>
    <message>
        <source>抽样单 {number} 已于 {time} 签章封存（内容摘要 {digest}…），不能再修改；如需更正，请新建更正记录。</source>
        <translation>Sampling form {number} was sealed at {time} (digest {digest}…) and cannot be changed; to correct it, start an amendment.</translation>
    </message>
    <message>
        <source>抽样单 {number}（草稿）：可随时保存；签章封存后不能再修改。</source>
        <translation>Sampling form {number} (draft): save at any time; once sealed it cannot be changed.</translation>
    </message>
    <message>
        <source>有未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>检查</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>签章封存…</source>
        <translation>Seal…</translation>
    </message>
    <message>
        <source>采用建议数量</source>
        <translation>Use the proposed quantities</translation>
    </message>
    <message>
        <source>多个编号用逗号分隔</source>
        <translation>Separate several numbers with commas</translation>
    </message>
    <message>
        <source>各级分类用 / 分隔</source>
        <translation>Separate the levels with /</translation>
    </message>
</context>
<context>
    <name>SpotCheckWindow</name>
    <message>
        <source>抽查</source>
        <translation>Spot check</translation>
    </message>
    <message>
        <source>（未填写样品名称）</source>
        <translation>(no sample name yet)</translation>
    </message>
    <message>
        <source>抽样单 {number} · {product}</source>
        <translation>Sampling form {number} · {product}</translation>
    </message>
    <message>
        <source>抽查 {number}</source>
        <translation>Spot check {number}</translation>
    </message>
    <message>
        <source>更正记录草稿</source>
        <translation>Amendment draft</translation>
    </message>
    <message>
        <source>已签章封存</source>
        <translation>Sealed</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>{verdict}（复检）</source>
        <translation>{verdict} (re-inspection)</translation>
    </message>
    <message>
        <source>复检结论，取代初检结论，为最终结论</source>
        <translation>The re-inspection&apos;s verdict: it replaces the first one and is final</translation>
    </message>
    <message>
        <source>未封存</source>
        <translation>Not sealed</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <source>结果不完整</source>
        <translation>Results incomplete</translation>
    </message>
    <message>
        <source>抽样未果</source>
        <translation>Sampling failed</translation>
    </message>
    <message>
        <source>待检验</source>
        <translation>Awaiting results</translation>
    </message>
    <message>
        <source>证书编号 {number}，结论：{verdict}，出具时间 {time}。</source>
        <translation>Certificate {number}, verdict: {verdict}, issued at {time}.</translation>
    </message>
    <message>
        <source>检验结论已出，可出具证书（检验报告）。</source>
        <translation>The verdict is in: the certificate (test report) can be issued.</translation>
    </message>
    <message>
        <source>有合格或不合格的检验结论后才能出具证书。</source>
        <translation>A certificate can be issued once there is a conforming or non-conforming verdict.</translation>
    </message>
    <message>
        <source>登记被抽样单位或标称生产者对检验结果提出的异议（复检申请）</source>
        <translation>Record an objection (re-inspection request) by the sampled party or the nominal producer</translation>
    </message>
    <message>
        <source>复检结论为最终结论，不能再提出异议</source>
        <translation>A re-inspection&apos;s result is final: no further objection</translation>
    </message>
    <message>
        <source>有检验结果后才能登记异议</source>
        <translation>An objection can be recorded once there are results</translation>
    </message>
    <message>
        <source>登记责令整改（通知书文号）或复查（结论）</source>
        <translation>Record the correction order (its number) or the re-check (its outcome)</translation>
    </message>
    <message>
        <source>检验结论为不合格时才有责令整改和复查</source>
        <translation>Correction and re-check follow only a non-conforming verdict</translation>
    </message>
    <message>
        <source>录入复检机构对已登记异议的复检结果；复检结论为最终结论</source>
        <translation>Enter the re-inspection laboratory&apos;s results answering the recorded objection; their verdict is final</translation>
    </message>
    <message>
        <source>复检结果已录入，为最终结论</source>
        <translation>The re-inspection results are entered: their verdict is final</translation>
    </message>
    <message>
        <source>登记异议后才能录入复检结果</source>
        <translation>Re-inspection results can be entered once an objection is recorded</translation>
    </message>
    <message>
        <source>抽样单</source>
        <translation>Sampling form</translation>
    </message>
    <message>
        <source>检验结果</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>历史与更正</source>
        <translation>History and amendments</translation>
    </message>
    <message>
        <source>出具证书</source>
        <translation>Issue the certificate</translation>
    </message>
    <message>
        <source>证书二维码内容（本机密钥签名，可离线验证）：</source>
        <translation>Certificate QR code content (signed with this workstation&apos;s key, verifiable offline):</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Amendment</translation>
    </message>
    <message>
        <source>检验结果、证书、异议与后续处理</source>
        <translation>Results, certificates, objections and follow-ups</translation>
    </message>
    <message>
        <source>登记异议…</source>
        <translation>Record an objection…</translation>
    </message>
    <message>
        <source>整改/复查…</source>
        <translation>Correction / re-check…</translation>
    </message>
    <message>
        <source>录入复检结果…</source>
        <translation>Enter re-inspection results…</translation>
    </message>
    <message>
        <source>已封存的抽样单不能修改。更正时新建一条更正记录：写明原因，在抽样单中修改需要更正的内容，再由两名抽样人员和被抽样单位签名并签章封存。原记录保持不变，历史中两者并列。</source>
        <translation>A sealed sampling form cannot be changed. To correct it, start an amendment record: give the reason, change what needs correcting in the form, and have both samplers and the sampled party sign and seal it. The original stays as it was; the history shows both.</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason for the amendment</translation>
    </message>
    <message>
        <source>新建更正记录</source>
        <translation>Start an amendment</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <source>在总部登记本机</source>
        <translation>Enrol this workstation with HQ</translation>
    </message>
    <message>
        <source>总部地址：</source>
        <translation>HQ address:</translation>
    </message>
    <message>
        <source>一次性登记码：</source>
        <translation>One-time enrolment code:</translation>
    </message>
    <message>
        <source>输入总部管理员提供的登记码，或用扫码枪扫描登记二维码。</source>
        <translation>Enter the enrolment code the HQ administrator gave you, or scan the enrolment QR code with the scanner.</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>记录：</source>
        <translation>Records:</translation>
    </message>
    <message>
        <source>附件：</source>
        <translation>Attachments:</translation>
    </message>
    <message>
        <source>参考数据：</source>
        <translation>Reference data:</translation>
    </message>
    <message>
        <source>U 盘数据包（无网络时）</source>
        <translation>USB bundles (without a network)</translation>
    </message>
    <message>
        <source>导出待上传记录…</source>
        <translation>Export pending records…</translation>
    </message>
    <message>
        <source>打开参考数据包…</source>
        <translation>Open a reference-data bundle…</translation>
    </message>
    <message>
        <source>导入参考数据包</source>
        <translation>Import the reference-data bundle</translation>
    </message>
    <message>
        <source>正在连接总部…</source>
        <translation>Connecting to HQ…</translation>
    </message>
    <message>
        <source>无法登记</source>
        <translation>Cannot enrol</translation>
    </message>
    <message>
        <source>请输入一次性登记码。</source>
        <translation>Enter the one-time enrolment code.</translation>
    </message>
    <message>
        <source>登记成功</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>本机已在总部登记（检查员：%1）。现在可以同步了。</source>
        <translation>This workstation is enrolled with HQ (inspector: %1). It can sync now.</translation>
    </message>
    <message>
        <source>正在上传记录…</source>
        <translation>Uploading records…</translation>
    </message>
    <message>
        <source>正在上传附件…</source>
        <translation>Uploading attachments…</translation>
    </message>
    <message>
        <source>正在下载参考数据…</source>
        <translation>Downloading reference data…</translation>
    </message>
    <message>
        <source>正在核对参考数据…</source>
        <translation>Checking the reference data…</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <source>导出待上传记录</source>
        <translation>Export pending records</translation>
    </message>
    <message>
        <source>已导出数据包</source>
        <translation>Bundle exported</translation>
    </message>
    <message>
        <source>已写入 %1：%2 条记录，%3 个附件。记录在总部确认收到之前仍保留为待上传。</source>
        <translation>Wrote %1: %2 records, %3 attachments. The records stay pending until HQ confirms it received them.</translation>
    </message>
    <message>
        <source>打开参考数据包</source>
        <translation>Open a reference-data bundle</translation>
    </message>
    <message>
        <source>已导入参考数据</source>
        <translation>Reference data imported</translation>
    </message>
    <message>
        <source>已导入 %1 条变更；%2 条此前已导入。</source>
        <translation>Imported %1 changes; %2 had been imported before.</translation>
    </message>
    <message>
        <source>正在读取同步状态…</source>
        <translation>Reading the sync status…</translation>
    </message>
    <message>
        <source>已登记：%1</source>
        <translation>Enrolled: %1</translation>
    </message>
    <message>
        <source>尚未在总部登记：请填写下方表格。</source>
        <translation>Not enrolled with HQ yet: fill in the form below.</translation>
    </message>
    <message>
        <source>待上传记录：%1</source>
        <translation>Records pending upload: %1</translation>
    </message>
    <message>
        <source>（其中 %1 条上次未成功）</source>
        <translation> (%1 of them failed last time)</translation>
    </message>
    <message>
        <source>尚未同步过。</source>
        <translation>Never synced yet.</translation>
    </message>
    <message>
        <source>上次同步：%1  %2</source>
        <translation>Last sync: %1  %2</translation>
    </message>
    <message>
        <source>本机时钟与总部相差约 %1 分钟，请校正系统时间。</source>
        <translation>This computer&apos;s clock is about %1 minutes off HQ&apos;s; please correct the system time.</translation>
    </message>
    <message>
        <source>同步成功</source>
        <translation>Sync succeeded</translation>
    </message>
    <message>
        <source>同步部分完成</source>
        <translation>Sync partly done</translation>
    </message>
    <message>
        <source>无法连接总部</source>
        <translation>Cannot reach HQ</translation>
    </message>
    <message>
        <source>尚未登记</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>需要更新软件</source>
        <translation>Software update needed</translation>
    </message>
    <message>
        <source>该数据包从第 %1 号变更之后开始，而本机只更新到第 %2 号，不能导入。请向总部索取新的数据包。</source>
        <translation>This bundle starts after change %1, but this workstation is only up to change %2, so it cannot be imported. Ask HQ for a new bundle.</translation>
    </message>
    <message>
        <source>共 %1 条变更，其中新变更 %2 条，已导入 %3 条。%4</source>
        <translation>%1 changes, %2 of them new, %3 already imported. %4</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>操作失败</source>
        <translation>Operation failed</translation>
    </message>
    <message>
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>发生了意外错误，操作未完成。详细信息已写入日志，请联系技术支持。</source>
        <translation>An unexpected error occurred and the operation was not completed. The details were written to the log; please contact support.</translation>
    </message>
</context>
<context>
    <name>TraceDialog</name>
    <message>
        <source>追溯</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>商品条码 %1</source>
        <translation>Barcode %1</translation>
    </message>
    <message>
        <source>批号 %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>生产企业 %1</source>
        <translation>Producer %1</translation>
    </message>
    <message>
        <source>只看批号 %1</source>
        <translation>Only batch %1</translation>
    </message>
    <message>
        <source>本商品的扫描（%1）</source>
        <translation>Scans of this item (%1)</translation>
    </message>
    <message>
        <source>该企业产品的扫描（%1）</source>
        <translation>Scans of this producer&apos;s products (%1)</translation>
    </message>
</context>
<context>
    <name>ValidationIssueTableModel</name>
    <message>
        <source>级别</source>
        <extracomment>Errors in red, warnings in amber: the colours of the scan outcomes, learned once.</extracomment>
        <translation>Level</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Warning</translation>
    </message>
</context>
<context>
    <name>VerdictCardWidget</name>
    <message>
        <source>抽样…</source>
        <translation>Sample this item…</translation>
    </message>
    <message>
        <source>以此商品开始抽样：商品条码、生产企业、批号和日期自动填入抽样单</source>
        <translation>Start sampling this item: barcode, producer, batch and dates are filled into the sampling form</translation>
    </message>
    <message>
        <source>商品</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>生产企业</source>
        <translation>Producer</translation>
    </message>
    <message>
        <source>判定依据</source>
        <translation>Grounds</translation>
    </message>
    <message>
        <source>本商品此前的检查</source>
        <translation>Earlier checks of this item</translation>
    </message>
    <message>
        <source>等待扫描</source>
        <translation>Waiting for a scan</translation>
    </message>
    <message>
        <source>用扫码枪扫描、在扫描栏输入、打开或拖入图像，或使用摄像头</source>
        <translation>Scan with a barcode scanner, type into the scan bar, open or drop an image, or use the camera</translation>
    </message>
    <message>
        <source>无记录</source>
        <translation>No records</translation>
    </message>
    <message>
        <source>仅查询，未记录</source>
        <translation>Looked up only, not recorded</translation>
    </message>
    <message>
        <source>基础数据中无此商品，本次扫描已照常记录（%1）。</source>
        <translation>This item is not in the reference data; the scan was recorded as usual (%1).</translation>
    </message>
    <message>
        <source>无法识别，本次输入已记录（%1）。</source>
        <translation>Not recognised; the input was recorded (%1).</translation>
    </message>
    <message>
        <source>已记录 %1</source>
        <translation>Recorded %1</translation>
    </message>
    <message>
        <source>商品条码 %1</source>
        <translation>Barcode %1</translation>
    </message>
    <message>
        <source>批号 %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>有效期至 %1</source>
        <translation>Use by %1</translation>
    </message>
    <message>
        <source>最佳食用日期 %1</source>
        <translation>Best before %1</translation>
    </message>
    <message>
        <source>产品类别：%1 / %2</source>
        <translation>Product category: %1 / %2</translation>
    </message>
    <message>
        <source>属于重点产品目录，生产企业须持 %1</source>
        <translation>In the key-product catalogue; the producer must hold %1</translation>
    </message>
    <message>
        <source>属于重点产品目录</source>
        <translation>In the key-product catalogue</translation>
    </message>
    <message>
        <source>不属于重点产品目录</source>
        <translation>Not in the key-product catalogue</translation>
    </message>
    <message>
        <source>基础数据中无此商品</source>
        <translation>Not in the reference data</translation>
    </message>
    <message>
        <source>不详</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>统一社会信用代码 %1</source>
        <translation>Unified social credit code %1</translation>
    </message>
    <message>
        <source>信用等级 %1 类</source>
        <translation>Credit class %1</translation>
    </message>
    <message>
        <source>扫描</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>抽检</source>
        <translation>Spot check</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Non-conforming</translation>
    </message>
</context>
</TS>
