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
    <name>ConfirmInspectorDialog</name>
    <message>
        <source>第二检查人员确认</source>
        <extracomment>``confirm(first, badge_number, password)``: the service call; raises on failure.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第一检查人员：{name}（{badge}）。抽样须由两名执法人员进行，请第二名执法人员输入本人的执法证号和密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialsForm</name>
    <message>
        <source>发生意外错误，详细信息已写入日志。请重试或联系技术支持。</source>
        <extracomment>``login(badge_number, password)``: the service call (e.g. ``IdentityService.login``); raises on failure. ``run(work, on_result)``: runs ``work()`` somewhere and calls ``on_result(value)`` on the GUI thread.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入执法证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录</source>
        <translation type="unfinished"></translation>
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
        <source>已登记到总部</source>
        <translation>Enrolled with HQ</translation>
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
        <source>产品目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
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
        <source>演示工作区（示例数据，不是真实记录）</source>
        <translation>Demo workspace (sample data, not real records)</translation>
    </message>
    <message>
        <source>正式工作区</source>
        <translation>Live workspace</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>同步状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在总部登记本机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部地址：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一次性登记码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输入总部管理员提供的登记码，或用扫码枪扫描登记二维码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>记录：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>附件：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>参考数据：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U 盘数据包（无网络时）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出待上传记录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开参考数据包…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入参考数据包</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在连接总部…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入一次性登记码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记成功</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机已在总部登记（检查员：%1）。现在可以同步了。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在上传记录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在上传附件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在下载参考数据…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在核对参考数据…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出待上传记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出数据包</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已写入 %1：%2 条记录，%3 个附件。记录在总部确认收到之前仍保留为待上传。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开参考数据包</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导入参考数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导入 %1 条变更；%2 条此前已导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取同步状态…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已登记：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未在总部登记：请填写下方表格。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待上传记录：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（其中 %1 条上次未成功）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未同步过。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次同步：%1  %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机时钟与总部相差约 %1 分钟，请校正系统时间。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步成功</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步部分完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法连接总部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要更新软件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该数据包从第 %1 号变更之后开始，而本机只更新到第 %2 号，不能导入。请向总部索取新的数据包。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 %1 条变更，其中新变更 %2 条，已导入 %3 条。%4</source>
        <translation type="unfinished"></translation>
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
    <name>VerdictCardWidget</name>
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
