<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Admin</name>
    <message>
        <location filename="../errors.py" line="+444" />
        <source>The server cannot be reached, so nothing was changed. Administration works online only: check the network connection and try again.</source>
        <translation>无法连接服务器，因此没有做任何更改。管理功能只能在线使用：请检查网络连接后重试。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The server did not accept this: %1</source>
        <translation>服务器未接受此操作：%1</translation>
    </message>
    <message>
        <location filename="../admin/common.py" line="+106" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 编码 (*.csv)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Export list</source>
        <translation>导出列表</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../admin/page.py" line="+43" />
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Changes are made on the server at once and reach the laptops at their next sync. Administration needs a connection to the server.</source>
        <translation>更改会立即保存到服务器，各笔记本电脑在下次同步时收到。系统管理需要连接服务器。</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Territories</source>
        <translation>销售区域</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Price lists</source>
        <translation>价目表</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Targets</source>
        <translation>销售目标</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Classification</source>
        <translation>客户分级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Connecting to the server…</source>
        <translation>正在连接服务器…</translation>
    </message>
    <message>
        <location line="+23" />
        <source>The server cannot be reached. Administration works online only: nothing was changed. Check the network and press Reload (Ctrl+Shift+R).</source>
        <translation>无法连接服务器。系统管理只能在线使用，没有做任何更改。请检查网络后按“刷新”（Ctrl+Shift+R）。</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <location filename="../admin/base.py" line="+65" />
        <source>Not connected to the server yet. Administration works online; log in and try again.</source>
        <translation>尚未连接服务器。系统管理需要在线使用，请登录后重试。</translation>
    </message>
    <message>
        <location line="+110" />
        <source>There is nothing to export yet.</source>
        <translation>暂无可导出的内容。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Export this list…</source>
        <translation>导出此列表…</translation>
    </message>
</context>
<context>
    <name>AttachmentParent</name>
    <message>
        <location filename="../labels.py" line="+169" />
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quote</source>
        <translation>报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <location filename="../errors.py" line="-214" />
        <source>The file is empty (0 bytes): there is nothing to attach.</source>
        <translation>文件是空的（0 字节），没有可附加的内容。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The file cannot be opened: it was moved or deleted, it is a folder, or you may not read it.</source>
        <translation>无法打开该文件：它已被移动或删除、是一个文件夹，或您没有读取权限。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>This kind of file cannot be attached. Attach photos (JPEG, PNG) or documents (PDF, Word, Excel, PowerPoint, text, CSV).</source>
        <translation>无法附加这种类型的文件。请附加照片（JPEG、PNG）或文档（PDF、Word、Excel、PowerPoint、文本、CSV）。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The file is larger than the limit for one attachment.</source>
        <translation>文件超过了单个附件的大小上限。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The file is damaged or was altered, so it is not used. Attach it again from the original.</source>
        <translation>文件已损坏或被篡改，因此不会使用。请从原始文件重新附加。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>An attached file cannot be changed, only its caption; attach the new file instead.</source>
        <translation>已附加的文件不能更改，只能修改说明；请改为附加新文件。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The record this file is attached to is gone or belongs to another customer.</source>
        <translation>该文件所附加的记录已不存在或属于另一位客户。</translation>
    </message>
    <message>
        <location line="+31" />
        <source>The copy of this attachment kept on this computer is damaged or was altered, so it is not used. Attach the file again, or ask support to restore it from the server.</source>
        <translation>本机保存的该附件副本已损坏或被篡改，因此不会使用。请重新附加该文件，或请技术支持从服务器恢复。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>“%1” is empty (0 bytes): there is nothing to attach.</source>
        <translation>“%1”是空文件（0 字节），没有可附加的内容。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>“%1” cannot be opened: it was moved or deleted, it is a folder, or you may not read it.</source>
        <translation>无法打开“%1”：它已被移动或删除、是一个文件夹，或您没有读取权限。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>“%1” cannot be attached: it is neither a photo (JPEG, PNG) nor a document (PDF, Word, Excel, PowerPoint, text, CSV), whatever its name says.</source>
        <translation>无法附加“%1”：无论文件名如何，它既不是照片（JPEG、PNG），也不是文档（PDF、Word、Excel、PowerPoint、文本、CSV）。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>“%1” is damaged and cannot be read. Attach it again from the original.</source>
        <translation>“%1”已损坏，无法读取。请从原始文件重新附加。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>“%1” is a HEIC photo, which cannot be read on this computer. Set the phone's camera to “Most Compatible” (JPEG), or export the photo as JPEG, and attach it again.</source>
        <translation>“%1”是 HEIC 格式的照片，本机无法读取。请将手机相机设置为“兼容性最佳”（JPEG），或将照片导出为 JPEG 后重新附加。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>“%1” has too many pixels to be prepared on this computer (at most %2 megapixels). Take the photo at a lower resolution, or shrink it first.</source>
        <translation>“%1”的像素过多，本机无法处理（最多 %2 百万像素）。请以较低分辨率拍摄，或先缩小照片。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>“%1” is %2 MB; one attachment may have at most %3 MB.</source>
        <translation>“%1”大小为 %2 MB；单个附件最大为 %3 MB。</translation>
    </message>
    <message>
        <location filename="../attachments/model.py" line="+105" />
        <source>Not downloaded yet</source>
        <translation>尚未下载</translation>
    </message>
    <message>
        <location filename="../attachments/texts.py" line="+22" />
        <location filename="../attachments/viewer.py" line="+230" />
        <source>someone</source>
        <translation>某人</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 · not downloaded yet</source>
        <translation>%1 · 尚未下载</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 · not sent yet</source>
        <translation>%1 · 尚未上传</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Taken %1</source>
        <translation>拍摄于 %1</translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    <message>
        <location filename="../attachments/dialog.py" line="+19" />
        <source>Photos and files — %1</source>
        <translation>照片和文件 — %1</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../attachments/panel.py" line="+128" />
        <source>No photos or files yet. Drop them here, paste one (Ctrl+V), or use Add files or Take photo.</source>
        <translation>还没有照片或文件。可拖放到这里、粘贴（Ctrl+V），或使用“添加文件”或“拍照”。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Attach photos or documents from this computer</source>
        <translation>从这台电脑添加照片或文档</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Attach the image or files on the clipboard (Ctrl+V)</source>
        <translation>添加剪贴板中的图片或文件（Ctrl+V）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Take photo…</source>
        <translation>拍照…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Take a photo with this computer's camera</source>
        <translation>用这台电脑的摄像头拍照</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No camera is available on this computer</source>
        <translation>这台电脑没有可用的摄像头</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No camera</source>
        <translation>无摄像头</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Caption of the selected file (Enter saves it)</source>
        <translation>所选文件的说明（按回车保存）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Show the photo, or open the document in its program (Enter)</source>
        <translation>查看照片，或用相应程序打开文档（回车）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+137" />
        <source>Remove the selected file from this record (Delete)</source>
        <translation>从此记录中删除所选文件（Delete）</translation>
    </message>
    <message>
        <location line="-121" />
        <source>The complaint is closed: its files cannot be changed. Reopen it to add or remove files.</source>
        <translation>投诉已关闭，其文件不能再更改。如需添加或删除文件，请先重新处理该投诉。</translation>
    </message>
    <message numerus="yes">
        <location line="+90" />
        <source>Photos and files (%n)</source>
        <translation>
            <numerusform>照片和文件（%n）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+35" />
        <source>Only whoever attached a file, or a supervisor, can remove it.</source>
        <translation>只有添加文件的人或主管可以删除它。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Photos and documents (%1)</source>
        <translation>照片和文档 (%1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Photos (%1)</source>
        <translation>照片 (%1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Documents (%1)</source>
        <translation>文档 (%1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Attach files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The clipboard holds no image or file to attach.</source>
        <translation>剪贴板中没有可添加的图片或文件。</translation>
    </message>
    <message>
        <location line="+53" />
        <source>Adding %v of %m…</source>
        <translation>正在添加第 %v 个，共 %m 个…</translation>
    </message>
    <message numerus="yes">
        <location line="+28" />
        <source>%n file(s) could not be attached:</source>
        <translation>
            <numerusform>%n 个文件无法添加：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+54" />
        <source>Remove file</source>
        <translation>删除文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Remove “%1” from this record?</source>
        <translation>从此记录中删除“%1”？</translation>
    </message>
    <message>
        <location line="+55" />
        <source>This file is not on this computer yet; it is downloaded at a later sync.</source>
        <translation>此文件尚未在这台电脑上，将在之后的同步中下载。</translation>
    </message>
    <message>
        <location line="-12" />
        <source>No program on this computer opens “%1”.</source>
        <translation>这台电脑上没有能打开“%1”的程序。</translation>
    </message>
</context>
<context>
    <name>BreaksDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="+485" />
        <source>Volume breaks of %1</source>
        <translation>%1 的数量折扣</translation>
    </message>
    <message>
        <location line="+2" />
        <source>From each quantity up, the unit price applies; a larger quantity may not cost more per unit. Leave a row's price empty to remove it.</source>
        <translation>从各起订数量起适用对应单价；数量越大，单价不得更高。清空某行的单价即删除该行。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>SKU</source>
        <translation>产品编号</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+0" />
        <source>From quantity</source>
        <translation>起订数量</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Add break</source>
        <translation>添加折扣档</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Row %1: the quantity and price must be numbers ≥ 0 (quantity above 0).</source>
        <translation>第 %1 行：数量和单价必须是不小于 0 的数字（数量须大于 0）。</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../attachments/camera.py" line="+48" />
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Take photo</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Take the photo and attach it (Space)</source>
        <translation>拍摄照片并添加（空格键）</translation>
    </message>
    <message>
        <location line="+39" />
        <source>The camera did not take the photo: %1</source>
        <translation>摄像头未能拍摄照片：%1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The camera could not be started (%1). Close any other program that uses it, check that it is connected, and try again; or add a photo from a file.</source>
        <translation>无法启动摄像头（%1）。请关闭正在使用摄像头的其他程序，检查摄像头是否已连接，然后重试；也可以从文件添加照片。</translation>
    </message>
</context>
<context>
    <name>CancelVisitDialog</name>
    <message>
        <location filename="../visits/planning.py" line="+236" />
        <location line="+18" />
        <source>Cancel visit</source>
        <translation>取消拜访</translation>
    </message>
    <message>
        <location line="-11" />
        <source>Cancel the visit to %1?</source>
        <translation>取消对 %1 的拜访？</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Reason (optional), e.g. the buyer is travelling</source>
        <translation>原因（可选），例如：采购负责人出差</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>CatalogDialog</name>
    <message>
        <location filename="../quotes/catalog.py" line="+138" />
        <source>Product catalogue</source>
        <translation>产品目录</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Search SKU, name or pinyin (e.g. dyj for 打印机)</source>
        <translation>搜索货号、名称或拼音（如 dyj 查找“打印机”）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>List prices (no price list)</source>
        <translation>目录价（不使用价格表）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>all tiers</source>
        <translation>所有等级</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Prices shown for this price list (customer tier)</source>
        <translation>按此价格表（客户等级）显示价格</translation>
    </message>
    <message>
        <location line="+5" />
        <source>All products</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <location line="+22" />
        <source>↑↓ choose · Enter adds to the quote · Esc closes</source>
        <translation>↑↓ 选择 · Enter 加入报价单 · Esc 关闭</translation>
    </message>
    <message>
        <location line="+2" />
        <source>↑↓ choose · Esc closes</source>
        <translation>↑↓ 选择 · Esc 关闭</translation>
    </message>
    <message>
        <location line="+63" />
        <source>Added %1 to the quote. Enter adds another · Esc closes</source>
        <translation>已将“%1”加入报价单。Enter 继续添加 · Esc 关闭</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <location line="-195" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product</source>
        <translation>产品名称</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>List price</source>
        <translation>目录价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax %</source>
        <translation>税率 %</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Price list: from quantity → unit price</source>
        <translation>价格表：起订数量 → 单价</translation>
    </message>
    <message>
        <location line="+31" />
        <source>list price</source>
        <translation>目录价</translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="-362" />
        <source>There is nothing to choose from.</source>
        <translation>没有可选的项目。</translation>
    </message>
</context>
<context>
    <name>ClassificationTab</name>
    <message>
        <location filename="../admin/classification.py" line="+26" />
        <source>Run classification now</source>
        <translation>立即重新分级</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Recompute value tiers, lifecycle stages, churn risk, visit grades and credit ratings from the history</source>
        <translation>根据历史交易重新计算价值分级、生命周期、流失风险、拜访等级和信用评级</translation>
    </message>
    <message>
        <location line="+6" />
        <location line="+20" />
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="-19" />
        <location line="+20" />
        <location line="+143" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="-162" />
        <source>Fixed values</source>
        <translation>人工设定值</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>By</source>
        <translation>设定人</translation>
    </message>
    <message>
        <location line="+7" />
        <source>No overrides: every customer's classification comes from the rules. Supervisors (and you) can fix a value with a reason.</source>
        <translation>暂无人工调整：所有客户的分级均由规则计算。主管（以及您）可以填写原因后人工设定。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Tier</source>
        <translation>价值分级</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Last order</source>
        <translation>最近成交</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Overrides (kept by every run until cleared)</source>
        <translation>人工调整（清除之前，每次分级都会保留）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Override…</source>
        <translation>人工调整…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Fix the classification of the selected at-risk customer</source>
        <translation>为选中的流失风险客户人工设定分级</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Clear override</source>
        <translation>清除人工调整</translation>
    </message>
    <message>
        <location line="+3" />
        <source>At risk of churning (most likely first) — these drive priority visits</source>
        <translation>流失风险客户（风险最高的在前）——据此安排重点拜访</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message numerus="yes">
        <location line="+34" />
        <source>Runs automatically every %n hour(s).</source>
        <translation>
            <numerusform>每 %n 小时自动运行一次。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>Scheduled runs are off.</source>
        <translation>已关闭定时运行。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Last run %1: %2 customers, %3 changed.</source>
        <translation>上次运行 %1：共 %2 位客户，%3 位有变化。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Not run yet.</source>
        <translation>尚未运行。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Classified %1 customers: %2 changed, %3 at risk. Laptops get the new values at their next sync.</source>
        <translation>已为 %1 位客户分级：%2 位有变化，%3 位有流失风险。各笔记本电脑在下次同步时收到新结果。</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Override</source>
        <translation>人工调整</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Choose the customer.</source>
        <translation>请选择客户。</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Saved the override of %1.</source>
        <translation>已保存 %1 的人工调整。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Cleared the override of %1; the computed values apply again.</source>
        <translation>已清除 %1 的人工调整，重新采用计算结果。</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../pages/customers.py" line="+97" />
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location line="+1" />
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tier</source>
        <translation>价值等级</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Visit grade</source>
        <translation>拜访等级</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Next visit</source>
        <translation>下次拜访</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../complaints/lists.py" line="+109" />
        <location filename="../pages/customers.py" line="+7" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../pages/visits.py" line="+37" />
        <location filename="../review/page.py" line="+171" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../complaints/lists.py" line="-9" />
        <location filename="../pages/visits.py" line="+2" />
        <location filename="../quotes/page.py" line="+51" />
        <location filename="../review/page.py" line="+2" />
        <location filename="../sync_issues.py" line="+132" />
        <location line="+100" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../pages/visits.py" line="+1" />
        <location filename="../quotes/page.py" line="+3" />
        <location filename="../review/page.py" line="-1" />
        <source>Sales rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <location filename="../complaints/lists.py" line="+8" />
        <location filename="../pages/visits.py" line="+1" />
        <location filename="../quotes/page.py" line="+6" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../pages/visits.py" line="+1" />
        <location filename="../review/page.py" line="+2" />
        <source>Outcome</source>
        <translation>拜访结果</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Evidence</source>
        <translation>照片核查</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Order amount</source>
        <translation>订单金额</translation>
    </message>
    <message>
        <location filename="../quotes/page.py" line="-10" />
        <source>Number</source>
        <translation>报价单号</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Issued</source>
        <translation>开具日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Total</source>
        <translation>总金额</translation>
    </message>
    <message>
        <location filename="../complaints/lists.py" line="+20" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location line="-24" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-19" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Due by</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Escalated to</source>
        <translation>已升级至</translation>
    </message>
    <message>
        <location line="+8" />
        <source>SLA</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../review/page.py" line="-10" />
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../sync_issues.py" line="-84" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="-27" />
        <source>Record type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Change</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Issue</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+11" />
        <source>What happened</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Waiting since</source>
        <translation>等待自</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Fields changed</source>
        <translation>修改的字段</translation>
    </message>
    <message>
        <location line="+49" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Attached to</source>
        <translation>附加到</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Upload</source>
        <translation>上传</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <location filename="../review/dialogs.py" line="+43" />
        <source>Confirm (Ctrl+Enter)</source>
        <translation>确认 (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>ComplaintCategory</name>
    <message>
        <location filename="../labels.py" line="-48" />
        <source>Product quality</source>
        <translation>产品质量</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delivery</source>
        <translation>交付</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Billing</source>
        <translation>账务</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ComplaintChannel</name>
    <message>
        <location line="-11" />
        <source>During a visit</source>
        <translation>拜访时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Website</source>
        <translation>网站</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <location filename="../complaints/detail.py" line="+83" />
        <location line="+32" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="-19" />
        <source>Deadlines and escalation</source>
        <translation>处理时限与升级</translation>
    </message>
    <message>
        <location line="+2" />
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Escalation</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Description</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Why it happened</source>
        <translation>问题产生的原因</translation>
    </message>
    <message>
        <location line="+4" />
        <source>What was done for the customer</source>
        <translation>为客户做了哪些处理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Amount (¥) of a refund or compensation</source>
        <translation>退款或赔偿金额（¥）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Resolution and remedy</source>
        <translation>解决与补救</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolution details</source>
        <translation>解决方案</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Remedy</source>
        <translation>补救措施</translation>
    </message>
    <message>
        <location line="+3" />
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Follow-up call</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Satisfaction (1–5)</source>
        <translation>满意度（1–5）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Expectation</source>
        <translation>期望值</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Perceived</source>
        <translation>感知效果</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Optional scores</source>
        <translation>可选评分</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hand over</source>
        <translation>移交</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Give the complaint to a colleague: they own it from now on</source>
        <translation>把投诉移交给同事：从此由对方负责</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Why the complaint is reopened</source>
        <translation>重新处理的原因</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+11" />
        <source>Reopen</source>
        <translation>重新处理</translation>
    </message>
    <message>
        <location line="-9" />
        <source>Owner and reopening</source>
        <translation>负责人与重新处理</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hand over to</source>
        <translation>移交给</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save the edited details without changing the status (Ctrl+S)</source>
        <translation>保存修改的内容，不改变状态（Ctrl+S）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Close window</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <location line="+62" />
        <source>contact %1</source>
        <translation>联系人 %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Owner: %1 · recorded by %2 on %3</source>
        <translation>负责人：%1 · 由 %2 于 %3 登记</translation>
    </message>
    <message>
        <location line="+6" />
        <source>from the visit of %1</source>
        <translation>来自 %1 的拜访</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Last reopened because: %1</source>
        <translation>上次重新处理的原因：%1</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Escalate to supervisor</source>
        <translation>升级至主管</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Escalate to administrator</source>
        <translation>升级至管理员</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 owns this complaint: only they, a supervisor or an administrator can change it.</source>
        <translation>该投诉由 %1 负责：只有负责人、主管或管理员可以修改。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The complaint is closed. Reopen it with a reason if the customer is still not satisfied.</source>
        <translation>该投诉已关闭。如客户仍不满意，请填写原因后重新处理。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Acknowledge</source>
        <translation>受理</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Record the first response to the customer</source>
        <translation>记录对客户的首次响应</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Start work</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Work on a solution</source>
        <translation>着手解决问题</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolve with the root cause, the resolution and the remedy above</source>
        <translation>按上面填写的根本原因、解决方案和补救措施结案解决</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Record follow-up</source>
        <translation>记录回访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Record the follow-up call with the customer's satisfaction</source>
        <translation>记录回访结果和客户满意度</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Close complaint</source>
        <translation>关闭投诉</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Close the complaint</source>
        <translation>关闭该投诉</translation>
    </message>
    <message>
        <location line="+15" />
        <source>done %1, %2 late</source>
        <translation>已于 %1 完成，超时 %2</translation>
    </message>
    <message>
        <location line="+5" />
        <source>done %1, on time</source>
        <translation>已于 %1 完成，未超时</translation>
    </message>
    <message>
        <location line="+6" />
        <source>overdue by %1</source>
        <translation>已超时 %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location line="+24" />
        <source>escalated to %1 on %2</source>
        <translation>已于 %2 升级至%1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>with the sales rep (not escalated)</source>
        <translation>由业务员处理（未升级）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>SLA breached</source>
        <translation>已超时限</translation>
    </message>
    <message>
        <location line="+16" />
        <source>ratio perceived ÷ expected: %1</source>
        <translation>满意比（感知效果 ÷ 期望值）：%1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>ratio perceived ÷ expected: %1 (%2)</source>
        <translation>满意比（感知效果 ÷ 期望值）：%1（%2）</translation>
    </message>
</context>
<context>
    <name>ComplaintForm</name>
    <message>
        <location filename="../complaints/form.py" line="+76" />
        <source>New complaint</source>
        <translation>新建投诉</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Record a complaint</source>
        <translation>登记客户投诉</translation>
    </message>
    <message>
        <location line="+3" />
        <source>You own the complaint you record (first-contact ownership) until it is closed or you hand it over. Its deadlines count from now, also when you are offline.</source>
        <translation>首问负责制：您登记的投诉由您负责，直到关闭或移交他人。处理时限从现在开始计算，离线时也一样。</translation>
    </message>
    <message>
        <location line="+23" />
        <source>What happened, in the customer's words: product, order, what they expect</source>
        <translation>用客户的原话说明发生了什么：产品、订单、客户的期望</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Recorded during the visit of %1</source>
        <translation>在 %1 的拜访中登记</translation>
    </message>
    <message>
        <location line="+1" />
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Description</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Record complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save the complaint on this computer; it is sent at the next sync (Ctrl+Enter)</source>
        <translation>把投诉保存在本机，下次同步时发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+28" />
        <source>— not named —</source>
        <translation>— 未指定 —</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Deadlines follow from the severity and the customer's tier.</source>
        <translation>处理时限由严重程度和客户等级决定。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>First response by %1 (within %2) · resolution by %3 (within %4)</source>
        <translation>首次响应截止 %1（%2内）· 解决截止 %3（%4内）</translation>
    </message>
</context>
<context>
    <name>ComplaintList</name>
    <message>
        <location filename="../complaints/lists.py" line="+30" />
        <source>My open complaints</source>
        <translation>我负责的未结投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All open complaints of my customers</source>
        <translation>我的客户的全部未结投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+6" />
        <source>All, including closed</source>
        <translation>全部（含已关闭）</translation>
    </message>
    <message>
        <location line="-2" />
        <source>Escalated, breached or overdue</source>
        <translation>已升级、已超时或逾期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All open complaints of the team</source>
        <translation>团队全部未结投诉</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Which complaints to list</source>
        <translation>要列出哪些投诉</translation>
    </message>
    <message>
        <location line="+88" />
        <source>Shown: %1 · most urgent first</source>
        <translation>共 %1 条 · 最紧急的在前</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No open complaints</source>
        <translation>暂无未结投诉</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Complaints you record or are handed appear here, the next deadline first. Record one with Ctrl+Shift+C.</source>
        <translation>您登记或接手的投诉会显示在这里，截止时间最近的在前。按 Ctrl+Shift+C 登记投诉。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Shown: %1 · highest escalation first</source>
        <translation>共 %1 条 · 升级级别最高的在前</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Nothing escalated or overdue</source>
        <translation>暂无升级或逾期的投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaints of your team that miss a deadline or are escalated appear here.</source>
        <translation>团队中超过处理时限或已升级的投诉会显示在这里。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Shown: %1</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No complaints</source>
        <translation>暂无投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaints recorded for your customers appear here after a sync.</source>
        <translation>同步后，您客户的投诉记录会显示在这里。</translation>
    </message>
</context>
<context>
    <name>ComplaintStatus</name>
    <message>
        <location filename="../labels.py" line="+16" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Acknowledged</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Follow-up</source>
        <translation>回访中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>Complaints</name>
    <message>
        <location filename="../complaints/area.py" line="+159" />
        <source>New &amp;complaint…</source>
        <translation>新建投诉(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Record a complaint (%1)</source>
        <translation>登记客户投诉（%1）</translation>
    </message>
    <message>
        <location filename="../complaints/lists.py" line="-218" />
        <location line="+74" />
        <source>Breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <location line="-69" />
        <location filename="../complaints/texts.py" line="+54" />
        <source>Overdue %1</source>
        <translation>逾期 %1</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../complaints/texts.py" line="-20" />
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <location line="+2" />
        <location filename="../complaints/texts.py" line="+22" />
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../complaints/texts.py" line="-18" />
        <source>%1 h %2 min</source>
        <translation>%1小时%2分钟</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+10" />
        <source>Follow-up call due</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location line="-9" />
        <location line="+11" />
        <source>Ready to close</source>
        <translation>待关闭</translation>
    </message>
    <message>
        <location filename="../complaints/texts.py" line="-3" />
        <source>%1 d</source>
        <translation>%1天</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <location line="+52" />
        <source>highly satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location line="+1" />
        <source>satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location line="+1" />
        <source>dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../errors.py" line="-107" />
        <source>To resolve the complaint, fill in the root cause and the resolution.</source>
        <translation>要解决投诉，请填写根本原因和解决方案。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Record the customer's satisfaction (1–5) from the follow-up call.</source>
        <translation>请记录回访时客户的满意度（1–5）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Satisfaction is a whole number from 1 to 5.</source>
        <translation>满意度是 1 到 5 的整数。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Say why the complaint is reopened: a reason is required.</source>
        <translation>请说明重新处理的原因：原因为必填项。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only the complaint's owner, a supervisor or an administrator can do this; ask the owner to hand it over first.</source>
        <translation>只有投诉负责人、主管或管理员可以这样做；请先让负责人移交给您。</translation>
    </message>
    <message>
        <location line="+173" />
        <source>This step is not possible in the complaint's current status.</source>
        <translation>投诉当前的状态下不能执行这一步。</translation>
    </message>
    <message>
        <location line="-167" />
        <source>A closed complaint cannot be changed; reopen it first.</source>
        <translation>已关闭的投诉不能修改；请先重新处理。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only a complaint that is not resolved yet can be escalated.</source>
        <translation>只有尚未解决的投诉才能升级。</translation>
    </message>
    <message>
        <location line="+168" />
        <source>The complaint is already with the administrator.</source>
        <translation>该投诉已升级至管理员。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The complaint already belongs to that person.</source>
        <translation>该投诉已由此人负责。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Only a supervisor or an administrator can escalate a complaint; it escalates by itself when its deadline passes.</source>
        <translation>只有主管或管理员可以升级投诉；超过处理时限时投诉会自动升级。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Choose the customer who complains.</source>
        <translation>请选择投诉的客户。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Describe the complaint in the customer's words.</source>
        <translation>请用客户的原话描述投诉内容。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Choose the channel the complaint came through.</source>
        <translation>请选择投诉渠道。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Choose the category.</source>
        <translation>请选择类别。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Choose the severity.</source>
        <translation>请选择严重程度。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The contact belongs to another customer.</source>
        <translation>该联系人属于其他客户。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The visit belongs to another customer.</source>
        <translation>该拜访属于其他客户。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Enter the amount of a refund or compensation as a number above zero (at most two decimals); other remedies have no amount.</source>
        <translation>请填写退款或赔偿金额，须大于零（最多两位小数）；其他补救措施不填金额。</translation>
    </message>
    <message>
        <location line="+6" />
        <location line="+3" />
        <source>Enter both the expectation and the perceived score (1–5), or neither.</source>
        <translation>期望值和感知效果评分（1–5）要么都填，要么都不填。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Choose an active colleague to take over the complaint.</source>
        <translation>请选择一位在职同事接手该投诉。</translation>
    </message>
</context>
<context>
    <name>ComplaintsArea</name>
    <message>
        <location filename="../complaints/area.py" line="-117" />
        <source>Complaints</source>
        <translation>客户投诉</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Your team's complaints: escalations, missed deadlines and the report.</source>
        <translation>团队的客户投诉：升级、超时和统计报表。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Whoever records a complaint owns it until it is closed or handed over. Deadlines count from the moment it was recorded.</source>
        <translation>首问负责制：谁登记谁负责，直到关闭或移交。处理时限从登记时刻开始计算。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>New complaint…</source>
        <translation>新建投诉…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Record a complaint (%1)</source>
        <translation>登记客户投诉（%1）</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="+1" />
        <source>My complaints</source>
        <translation>我的投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Report</source>
        <translation>统计报表</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../conflict_dialog.py" line="+338" />
        <source>Resolve a sync conflict</source>
        <translation>解决同步冲突</translation>
    </message>
    <message>
        <location line="+10" />
        <source>You and someone else changed the same fields of this record at the same time. Nothing has been lost: for each field, choose which value to keep.</source>
        <translation>您和其他人同时修改了这条记录的相同字段。数据没有丢失：请为每个字段选择要保留的值。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Keep all the server's values</source>
        <translation>全部保留服务器的值</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keep all the server's values (Alt+S)</source>
        <translation>全部保留服务器的值 (Alt+S)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Use all my values</source>
        <translation>全部使用我的值</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Use all my values (Alt+M)</source>
        <translation>全部使用我的值 (Alt+M)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+28" />
        <source>This conflict was already resolved.</source>
        <translation>此冲突已经解决。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Server's value</source>
        <translation>服务器的值</translation>
    </message>
    <message>
        <location line="+0" />
        <source>My value</source>
        <translation>我的值</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Keep the value that is on the server</source>
        <translation>保留服务器上的值</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Send my value to the server</source>
        <translation>将我的值发送到服务器</translation>
    </message>
    <message>
        <location line="+13" />
        <source>You changed this field again since; your newer value will be sent.</source>
        <translation>此后您又修改过这个字段，将发送您较新的值。</translation>
    </message>
    <message>
        <location line="+42" />
        <source>Choose a value for every field.</source>
        <translation>请为每个字段选择一个值。</translation>
    </message>
</context>
<context>
    <name>ContactForm</name>
    <message>
        <location filename="../customer_file/forms.py" line="+356" />
        <source>Edit contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New contact</source>
        <translation>新建联系人</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>WeChat / QQ</source>
        <translation>微信 / QQ</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Role in the purchase</source>
        <translation>采购决策角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Stance</source>
        <translation>态度</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Primary</source>
        <translation>主要联系人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Primary contact of this customer</source>
        <translation>设为该客户的主要联系人</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Known</source>
        <translation>已知</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Personal notes</source>
        <translation>个人备注</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Hobbies, family… Private: only you and your supervisors see them.</source>
        <translation>爱好、家庭等。仅您和您的主管可见。</translation>
    </message>
</context>
<context>
    <name>ContactsTable</name>
    <message>
        <location filename="../customer_file/view.py" line="+147" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Role</source>
        <translation>决策角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Stance</source>
        <translation>态度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Primary contact</source>
        <translation>主要联系人</translation>
    </message>
</context>
<context>
    <name>CustomerFileView</name>
    <message>
        <location line="+65" />
        <source>‹ Customers</source>
        <translation>‹ 客户列表</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Back to the list (Esc)</source>
        <translation>返回列表 (Esc)</translation>
    </message>
    <message>
        <location line="+25" />
        <location line="+137" />
        <location line="+44" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="-181" />
        <source>Edit basic data and business situation (Ctrl+E)</source>
        <translation>编辑基本信息和经营动向 (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Plan visit</source>
        <translation>计划拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Plan a visit to this customer (Ctrl+Shift+V)</source>
        <translation>为该客户安排一次拜访 (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Start the visit here, now (F8)</source>
        <translation>现在在此签到，开始拜访 (F8)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Business and needs</source>
        <translation>经营动向与需求</translation>
    </message>
    <message>
        <location line="+1" />
        <source>History</source>
        <translation>历史交易</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Photos and files</source>
        <translation>照片和文件</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Owner</source>
        <translation>负责业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer since</source>
        <translation>建档日期</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Basic data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Value tier</source>
        <translation>价值等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Lifecycle stage</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales stage</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit grade</source>
        <translation>拜访等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit rating</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit limit · terms</source>
        <translation>信用额度 · 账期</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+262" />
        <source>Key account</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <location line="-261" />
        <source>Churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Set by hand</source>
        <translation>人工设定</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Classification</source>
        <translation>客户分级</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Outstanding</source>
        <translation>应收余额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Last visit</source>
        <translation>上次拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next visit</source>
        <translation>下次拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Primary contact</source>
        <translation>主要联系人</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Recent history</source>
        <translation>最近往来</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Add a contact to this customer (Ctrl+Shift+C)</source>
        <translation>为该客户添加联系人 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Make primary</source>
        <translation>设为主要联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Make the selected contact this customer's primary contact</source>
        <translation>把选中的联系人设为该客户的主要联系人</translation>
    </message>
    <message>
        <location line="+15" />
        <source>No contacts yet</source>
        <translation>还没有联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Add the people you deal with: who decides, who influences, who uses.</source>
        <translation>添加与您打交道的人：谁拍板、谁有影响力、谁在使用。</translation>
    </message>
    <message>
        <location filename="../customer_file/words.py" line="+49" />
        <source>Product mix</source>
        <translation>经营品种</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales situation</source>
        <translation>销售情况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Financial status</source>
        <translation>财务状况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit status</source>
        <translation>信用状况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Main competitors</source>
        <translation>主要竞争对手</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Strategic plans</source>
        <translation>发展规划</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Key needs</source>
        <translation>关键需要</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Surface needs</source>
        <translation>表层需要</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Future needs</source>
        <translation>未来需求</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../customer_file/view.py" line="+23" />
        <source>Business situation and needs</source>
        <translation>经营动向与需求</translation>
    </message>
    <message>
        <location line="+22" />
        <source>No history yet</source>
        <translation>还没有往来记录</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visits, quotes, complaints and payments appear here, newest first.</source>
        <translation>拜访、报价、投诉和回款都会显示在这里，最新的在前。</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Keep all of this customer's photos and files on this computer</source>
        <translation>将此客户的全部照片和文件保留在本机</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Full files are fetched at the next sync and kept even when the file cache is full, so they open without a connection.</source>
        <translation>下次同步时下载完整文件，即使文件缓存已满也会保留，无网络时也能打开。</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Their files are fetched at the next sync.</source>
        <translation>其文件将在下次同步时下载。</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Contacts (%1)</source>
        <translation>联系人 (%1)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>History (%1)</source>
        <translation>历史交易 (%1)</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Visit grade %1</source>
        <translation>拜访等级 %1</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Credit %1</source>
        <translation>信用 %1</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Nothing owed</source>
        <translation>无欠款</translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>%1 · %n receivable(s), the oldest %2 days late</source>
        <translation>
            <numerusform>%1 · %n 笔应收，最久逾期 %2 天</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No limit set</source>
        <translation>未设额度</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 · over the limit by %2</source>
        <translation>%1 · 超出额度 %2</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 · %2 available</source>
        <translation>%1 · 可用 %2</translation>
    </message>
    <message>
        <location line="+27" />
        <source>%1 (%2 points)</source>
        <translation>%1（%2 分）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Yes, managed by %1</source>
        <translation>是，客户经理：%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Never</source>
        <translation>从未拜访</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Due now</source>
        <translation>现在应拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No contact yet.</source>
        <translation>还没有联系人。</translation>
    </message>
    <message>
        <location line="+44" />
        <source>Birthday: %1</source>
        <translation>生日：%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>WeChat / QQ: %1</source>
        <translation>微信 / QQ：%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Personal notes: %1</source>
        <translation>个人备注：%1</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <location filename="../customer_file/forms.py" line="-167" />
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New prospect</source>
        <translation>新建潜在客户</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Basic data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Business situation and needs</source>
        <translation>经营动向与需求</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Made up on this laptop; you may change it.</source>
        <translation>由本机生成，可以修改。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+3" />
        <source>You have no territory assigned: sync first.</source>
        <translation>您还没有分配片区：请先同步。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales stage</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1" />
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+48" />
        <source>A customer with this name exists already: %1. Save anyway if it is another one.</source>
        <translation>已有同名客户：%1。如果确实是另一家客户，可以照常保存。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>This phone number belongs to %1 already. Save anyway if it is another customer.</source>
        <translation>这个电话号码已属于 %1。如果确实是另一家客户，可以照常保存。</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <location filename="../customer_picker.py" line="+29" />
        <source>Type a customer's name, pinyin, code or phone, Enter to choose</source>
        <translation>输入客户名称、拼音、编号或电话，回车选定</translation>
    </message>
    <message>
        <location line="+13" />
        <source>No customer matches “%1” (name, pinyin, code or phone)</source>
        <translation>没有与“%1”匹配的客户（名称、拼音、编号或电话）</translation>
    </message>
</context>
<context>
    <name>CustomerType</name>
    <message>
        <location filename="../labels.py" line="-110" />
        <source>Organisation</source>
        <translation>企业</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Individual</source>
        <translation>个人</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../pages/customers.py" line="+70" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message numerus="yes">
        <location line="+272" />
        <source>%n customer(s) match your search</source>
        <translation>
            <numerusform>找到 %n 个匹配的客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n customer(s) on this computer</source>
        <translation>
            <numerusform>本机共有 %n 个客户</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15" />
        <source>No customer matches “%1”</source>
        <translation>没有与“%1”匹配的客户</translation>
    </message>
    <message>
        <location line="-285" />
        <source>Search name, pinyin, code, phone, address or contact</source>
        <translation>搜索名称、拼音、编号、电话、地址或联系人</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Search customers (Ctrl+F). Chinese, pinyin (hzxy) or English; every word must match.</source>
        <translation>搜索客户 (Ctrl+F)。可输入中文、拼音（如 hzxy）或英文；多个词须全部匹配。</translation>
    </message>
    <message>
        <location line="+56" />
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location line="+5" />
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location line="+5" />
        <source>All grades</source>
        <translation>全部拜访等级</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Grade %1</source>
        <translation>%1 级</translation>
    </message>
    <message>
        <location line="+4" />
        <source>All territories</source>
        <translation>全部片区</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Any visit status</source>
        <translation>全部拜访状态</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Due or overdue</source>
        <translation>应拜访或逾期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Any sync state</source>
        <translation>全部同步状态</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not sent yet</source>
        <translation>尚未上传</translation>
    </message>
    <message>
        <location line="+1" />
        <source>With a sync issue</source>
        <translation>有同步问题</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Key accounts</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Filters you saved</source>
        <translation>您保存的筛选条件</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Save filter…</source>
        <translation>保存筛选…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keep the current filters under a name</source>
        <translation>为当前筛选条件命名并保存</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Show all customers again</source>
        <translation>重新显示全部客户</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+19" />
        <source>Saved filters</source>
        <translation>已存筛选</translation>
    </message>
    <message>
        <location line="+56" />
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name of this filter:</source>
        <translation>筛选条件名称：</translation>
    </message>
    <message>
        <location line="+81" />
        <source>building the search index: search works meanwhile, pinyin once it is done</source>
        <translation>正在建立搜索索引：现在即可搜索，拼音搜索在建立完成后可用</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Check the spelling, or search by pinyin initials, code, phone number or city.</source>
        <translation>请检查拼写，或按拼音首字母、编号、电话号码或城市搜索。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Some filters are on: clear them to search all customers.</source>
        <translation>当前启用了筛选条件：清除后可在全部客户中搜索。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>No customer matches these filters</source>
        <translation>没有符合这些筛选条件的客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Change or clear the filters to see more customers.</source>
        <translation>修改或清除筛选条件，查看更多客户。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Downloading your customers…</source>
        <translation>正在下载您的客户…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The first sync is running. The list fills in as soon as it finishes.</source>
        <translation>首次同步正在进行，完成后客户会显示在这里。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>No customers yet</source>
        <translation>暂无客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>They appear after the first sync. Press F5 to sync now.</source>
        <translation>首次同步后客户会显示在这里。按 F5 立即同步。</translation>
    </message>
</context>
<context>
    <name>DecisionRole</name>
    <message>
        <location filename="../labels.py" line="+28" />
        <source>Decision-maker</source>
        <translation>最终决策者</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Influencer</source>
        <translation>影响者</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Implementer</source>
        <translation>执行者</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Negotiator</source>
        <translation>谈判者</translation>
    </message>
    <message>
        <location line="+1" />
        <source>User</source>
        <translation>使用者</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <location filename="../../desktop/demo.py" line="+129" />
        <source>Preparing the demo server…</source>
        <translation>正在准备演示服务器…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Creating the demo company (first run only)…</source>
        <translation>正在创建演示公司（仅首次运行）…</translation>
    </message>
</context>
<context>
    <name>DevicesTab</name>
    <message>
        <location filename="../admin/devices.py" line="+31" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Revoked, not yet wiped</source>
        <translation>已吊销，尚未清除</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Wiped</source>
        <translation>已清除</translation>
    </message>
    <message>
        <location line="+5" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1" />
        <source>App version</source>
        <translation>应用版本</translation>
    </message>
    <message>
        <location line="+3" />
        <source>First sync</source>
        <translation>首次同步</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Last address</source>
        <translation>上次地址</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Client id</source>
        <translation>客户端编号</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Revoke…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The laptop sends its queued changes, then deletes its copy of the data</source>
        <translation>该笔记本会先发送排队中的修改，然后删除其数据副本</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n 台设备</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8" />
        <source>Revoke %1</source>
        <translation>吊销 %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>At its next sync %1 sends the changes it still has queued, then deletes its copy of the company's data and its key. The user's other computers keep working. Continue?</source>
        <translation>%1 在下次同步时会先发送仍在排队的修改，然后删除其公司数据副本和密钥。该用户的其他电脑不受影响。是否继续？</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Revoked. The laptop wipes itself at its next sync.</source>
        <translation>已吊销。该笔记本将在下次同步时自行清除数据。</translation>
    </message>
</context>
<context>
    <name>Entities</name>
    <message>
        <location filename="../conflict_dialog.py" line="-431" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Price list</source>
        <translation>价目表</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Price list item</source>
        <translation>价目表条目</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Assignment</source>
        <translation>分配</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quote</source>
        <translation>报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quote line</source>
        <translation>报价明细</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Receivable</source>
        <translation>应收款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales target</source>
        <translation>销售目标</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="-393" />
        <source>This server address is not encrypted (http://) and not on this computer. Use its https:// address, or allow unencrypted connections to it.</source>
        <translation>此服务器地址未加密（http://），且不在本机上。请使用其 https:// 地址，或允许与其进行未加密连接。</translation>
    </message>
    <message>
        <location line="+40" />
        <source>The certificate authority file in the settings cannot be read: %1</source>
        <translation>无法读取设置中的证书颁发机构文件：%1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The server's certificate is not trusted. If your company uses its own certificate authority, choose its certificate under “Company CA” when you log in.</source>
        <translation>服务器的证书不受信任。如果贵公司使用自己的证书颁发机构，请在登录时于“公司 CA 证书”中选择其证书。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The server is having trouble right now. What was being sent will be retried; it may already have arrived.</source>
        <translation>服务器暂时出现问题。正在发送的内容会自动重试；它也可能已经送达。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The server cannot be reached. What was being sent will be retried; it may already have arrived.</source>
        <translation>无法连接服务器。正在发送的内容会自动重试；它也可能已经送达。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The server is having trouble right now. Try again in a few minutes.</source>
        <translation>服务器暂时出现问题，请几分钟后再试。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The server cannot be reached. Check the server address and your network connection.</source>
        <translation>无法连接服务器。请检查服务器地址和网络连接。</translation>
    </message>
    <message>
        <location line="-56" />
        <source>An administrator removed this computer from your account, so its copy of the company's data was deleted. Sign in to use it again if that was a mistake.</source>
        <translation>管理员已将这台电脑从您的账户中移除，因此其中的公司数据副本已被删除。如果这是误操作，请重新登录后继续使用。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>This account has been deactivated. Ask your administrator.</source>
        <translation>此账号已被停用，请联系管理员。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>This version of Fieldsales is too old for the server. Please install the update.</source>
        <translation>当前版本的外勤销售过旧，服务器已不再支持，请安装更新。</translation>
    </message>
    <message>
        <location line="+49" />
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Your session has expired. Please log in again.</source>
        <translation>登录已过期，请重新登录。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Your session was ended. Please log in again.</source>
        <translation>您的登录已被终止，请重新登录。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Please log in again.</source>
        <translation>请重新登录。</translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>Too many failed logins. Try again in %n second(s).</source>
        <translation>
            <numerusform>登录失败次数过多，请在 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3" />
        <source>Too many failed logins. Try again later.</source>
        <translation>登录失败次数过多，请稍后重试。</translation>
    </message>
    <message>
        <location line="-52" />
        <source>The file arrived damaged and was not kept. Try opening it again.</source>
        <translation>文件传输中已损坏，未保存。请重新打开。</translation>
    </message>
    <message>
        <location line="+54" />
        <source>This file is not on the server yet: the computer it was attached on has not uploaded it. Try again after that computer has synced.</source>
        <translation>此文件尚未上传到服务器：添加它的电脑还没有上传。请在那台电脑同步后再试。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The server refused the request: %1</source>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
    <message>
        <location line="-56" />
        <source>This local data belongs to another user. Choose a different profile.</source>
        <translation>这份本地数据属于其他用户，请选择其他数据目录。</translation>
    </message>
    <message>
        <location line="+61" />
        <location line="+142" />
        <source>Something went wrong: %1</source>
        <translation>出现错误：%1</translation>
    </message>
</context>
<context>
    <name>EscalationLevel</name>
    <message>
        <location filename="../labels.py" line="+86" />
        <source>Sales rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message>
        <location filename="../evidence.py" line="+25" />
        <source>Early photo</source>
        <translation>照片早于签到</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Late photo</source>
        <translation>照片晚于签退</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reused photo</source>
        <translation>重复使用的照片</translation>
    </message>
    <message numerus="yes">
        <location line="+6" />
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6" />
        <source>Taken before check-in (%1 earlier)</source>
        <translation>拍摄于签到之前（早 %1）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Taken after check-out (%1 later)</source>
        <translation>拍摄于签退之后（晚 %1）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>another customer</source>
        <translation>另一位客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an unknown date</source>
        <translation>日期不详</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Same photo as the visit to %1 on %2</source>
        <translation>与 %2 拜访 %1 时的照片相同</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Same photo as on a complaint of %1 (%2)</source>
        <translation>与 %1 的一条投诉中的照片相同（%2）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Same photo as on a quote for %1 (%2)</source>
        <translation>与 %1 的一份报价单中的照片相同（%2）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Same photo as in the customer file of %1 (%2)</source>
        <translation>与 %1 客户档案中的照片相同（%2）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../conflict_dialog.py" line="+4" />
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Parent</source>
        <translation>上级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rep code</source>
        <translation>业务员编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>List price</source>
        <translation>标价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tier</source>
        <translation>价值等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid to</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Price list</source>
        <translation>价目表</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Minimum quantity</source>
        <translation>起订数量</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer type</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1" />
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Lifecycle stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales stage</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit grade</source>
        <translation>拜访等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit grade</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit score</source>
        <translation>信用评分</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Override reason</source>
        <translation>调整原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Key account</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Payment terms (days)</source>
        <translation>账期（天）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product mix</source>
        <translation>产品结构</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales situation</source>
        <translation>销售情况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Financial status</source>
        <translation>财务状况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit status</source>
        <translation>信用状况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Main competitors</source>
        <translation>主要竞争对手</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Strategic plans</source>
        <translation>战略规划</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Key needs</source>
        <translation>关键需求</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Stated needs</source>
        <translation>表面需求</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Future needs</source>
        <translation>未来需求</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Job title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>WeChat / IM</source>
        <translation>微信 / 即时通讯</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Primary contact</source>
        <translation>主要联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Decision role</source>
        <translation>决策角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Stance</source>
        <translation>立场</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Personal notes</source>
        <translation>个人备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Planned for</source>
        <translation>计划时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Checked in</source>
        <translation>签到时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Checked out</source>
        <translation>签退时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Received by the server</source>
        <translation>服务器接收时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Location source</source>
        <translation>定位方式</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Location accuracy (m)</source>
        <translation>定位精度（米）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Order amount</source>
        <translation>订单金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cash collected</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit cost</source>
        <translation>拜访费用</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Competitor notes</source>
        <translation>竞品情况</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next visit</source>
        <translation>下次拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Review comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reviewed by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reviewed</source>
        <translation>审核时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Issue date</source>
        <translation>开具日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+14" />
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location line="-13" />
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Total</source>
        <translation>总金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approval comment</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approved</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Revision of</source>
        <translation>修订自</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Decided</source>
        <translation>客户答复时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quote</source>
        <translation>报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Line subtotal</source>
        <translation>行小计</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Line tax</source>
        <translation>行税额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Line total</source>
        <translation>行合计</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Recorded</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolution</source>
        <translation>解决方案</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Remedy</source>
        <translation>补救措施</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Compensation</source>
        <translation>赔偿金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First response due</source>
        <translation>首次响应期限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolution due</source>
        <translation>解决期限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First response</source>
        <translation>首次响应时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolved</source>
        <translation>解决时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Closed</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Expectation score</source>
        <translation>期望评分</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Perceived score</source>
        <translation>感知评分</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reason for reopening</source>
        <translation>重新处理的原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Escalation level</source>
        <translation>升级级别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Escalated</source>
        <translation>升级时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Deadline missed</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Issued on</source>
        <translation>开具日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Paid amount</source>
        <translation>已付金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Receivable</source>
        <translation>应收款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Paid on</source>
        <translation>付款日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Payment method</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+17" />
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+43" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../customer_file/fields.py" line="+56" />
        <source>ddd d MMM</source>
        <translation>M月d日 ddd</translation>
    </message>
    <message>
        <location line="+29" />
        <location line="+2" />
        <source>Enter an amount, for example 1280.50.</source>
        <translation>请输入金额，例如 1280.50。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Use at most two decimal places.</source>
        <translation>最多保留两位小数。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>This amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
</context>
<context>
    <name>FileUploads</name>
    <message>
        <location filename="../errors.py" line="+97" />
        <source>The server does not know this attachment (its record was removed, or the customer is no longer assigned to you).</source>
        <translation>服务器上没有这个附件（它所属的记录已被删除，或该客户已不再分配给你）。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The file arrived damaged on the server; it is sent again from the start.</source>
        <translation>文件到达服务器时已损坏，将从头重新发送。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The file is larger than its attachment says.</source>
        <translation>文件比附件记录中登记的大小更大。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The server refused a part of the file as too large.</source>
        <translation>服务器拒绝了文件的一部分：数据块过大。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The copy of this file on this computer is damaged; it is not sent.</source>
        <translation>本机上的这个文件已损坏，不会发送。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The file is no longer on this computer.</source>
        <translation>这个文件已不在本机上。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The file on this computer cannot be read.</source>
        <translation>无法读取本机上的这个文件。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The server is having trouble; the file is sent later.</source>
        <translation>服务器暂时出现问题，文件稍后发送。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The server cannot store files right now; the file is sent later.</source>
        <translation>服务器暂时无法保存文件，文件稍后发送。</translation>
    </message>
    <message>
        <location filename="../sync_issues.py" line="-40" />
        <source>Uploading %1 %</source>
        <translation>正在上传 %1 %</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Uploaded</source>
        <translation>已上传</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Waiting</source>
        <translation>等待上传</translation>
    </message>
    <message numerus="yes">
        <location line="+16" />
        <source>Tried %n time(s); next try with the sync after %1.</source>
        <translation>
            <numerusform>已尝试 %n 次；%1 之后的同步将再次尝试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="-129" />
        <source>Confirm (Ctrl+Enter)</source>
        <translation>确认（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <location filename="../formatting.py" line="+123" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location line="+4" />
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportFields</name>
    <message>
        <location filename="../admin/imports.py" line="+43" />
        <source>Customer code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer type</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1" />
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Website</source>
        <translation>网址</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact name</source>
        <translation>联系人姓名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact title</source>
        <translation>联系人职务</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact phone</source>
        <translation>联系人电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact mobile</source>
        <translation>联系人手机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact email</source>
        <translation>联系人邮箱</translation>
    </message>
    <message>
        <location line="+1" />
        <source>WeChat / QQ</source>
        <translation>微信 / QQ</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Decision role</source>
        <translation>决策角色</translation>
    </message>
    <message>
        <location line="+49" />
        <source>required, unless the row only adds a contact to the customer above</source>
        <extracomment>What each column holds, for the list of expected columns (context "ImportFields").</extracomment>
        <translation>必填，除非该行只是为上一行的客户添加联系人</translation>
    </message>
    <message>
        <location line="+3" />
        <source>empty: a new code is given</source>
        <translation>留空则自动编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>organisation, household or individual</source>
        <translation>企业、家庭或个人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a territory's or grid cell's code</source>
        <translation>片区或网格的编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a rep's username; empty: the territory's rep</source>
        <translation>业务员用户名；留空则为片区的业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+1" />
        <source>decimal degrees</source>
        <translation>十进制度数</translation>
    </message>
</context>
<context>
    <name>ImportProblems</name>
    <message>
        <location line="-53" />
        <source>%1 is required.</source>
        <translation>%1为必填项。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is too long.</source>
        <translation>%1过长。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is not a phone number we recognise.</source>
        <translation>%1不是可识别的电话号码。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is not a valid email address.</source>
        <translation>%1不是有效的邮箱地址。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is not one of the allowed values.</source>
        <translation>%1不是允许的取值。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is not a number.</source>
        <translation>%1不是数字。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is out of range.</source>
        <translation>%1超出范围。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No such territory.</source>
        <translation>没有这个片区。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>That is a region; customers go into a territory or grid cell.</source>
        <translation>这是大区；客户只能归入片区或网格。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No territory: fill the Territory column or choose one for the import.</source>
        <translation>缺少片区：请填写“片区”列，或为本次导入选择片区。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No such user.</source>
        <translation>没有这个用户。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The sales rep is not an active rep.</source>
        <translation>该业务员不是在职的业务员。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A customer with this code already exists.</source>
        <translation>已有使用此编号的客户。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>An earlier row already uses this code.</source>
        <translation>前面的行已使用此编号。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact name is required when contact details are given.</source>
        <translation>填写了联系人信息时，联系人姓名为必填项。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The row of its customer is not being imported.</source>
        <translation>它所属客户的那一行没有被导入。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>There is no such row in the file.</source>
        <translation>文件中没有这一行。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Two columns are mapped to %1; map each field once.</source>
        <translation>有两列都对应到了%1；每个字段只能对应一列。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Map a column to Customer name (or Customer code).</source>
        <translation>请将某一列对应到“客户名称”（或“客户编号”）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The mapping names a column the file does not have.</source>
        <translation>列对应中有文件里不存在的列。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The mapping names an unknown field.</source>
        <translation>列对应中有未知的字段。</translation>
    </message>
</context>
<context>
    <name>ImportStatus</name>
    <message>
        <location line="+4" />
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Adds a contact</source>
        <translation>新增联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Possible duplicate</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location line="+31" />
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message>
        <location line="+0" />
        <source>same name</source>
        <translation>名称相同</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Looks like customer %1 “%2” (%3)</source>
        <translation>疑似已有客户 %1“%2”（%3）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Looks like row %1 (%2)</source>
        <translation>疑似与第 %1 行重复（%2）</translation>
    </message>
    <message>
        <location line="+23" />
        <source>No file chosen. CSV (UTF-8 or GBK) or Excel .xlsx; the first row holds the column names.</source>
        <translation>尚未选择文件。支持 CSV（UTF-8 或 GBK 编码）或 Excel .xlsx；第一行须为列名。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save an empty customer list with every column the import understands</source>
        <translation>保存一个空白客户清单，包含导入能识别的所有列</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Preview again</source>
        <translation>重新预览</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Read the file again with the current mapping</source>
        <translation>按当前的列对应重新读取文件</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Territory for rows without one</source>
        <translation>未填片区的行归入</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Columns → fields (guessed from the column names; change any)</source>
        <translation>列 → 字段（根据列名自动匹配，可逐列修改）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Rows with problems</source>
        <translation>有问题的行</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Ticked rows</source>
        <translation>已勾选的行</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+4" />
        <source>contact of %1</source>
        <translation>%1 的联系人</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Problems and possible duplicates</source>
        <translation>问题及疑似重复</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Tick new customers and contacts</source>
        <translation>勾选新客户和联系人</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tick duplicates too</source>
        <translation>同时勾选疑似重复</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Import the rows that look like existing customers as well</source>
        <translation>疑似已有客户的行也一并导入</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Untick all</source>
        <translation>全部取消勾选</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Export the preview or the report with its problems</source>
        <translation>导出预览或导入报告（含问题说明）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+31" />
        <source>(only from the file)</source>
        <translation>（仅按文件中的片区）</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Columns, in any order, named in Chinese or English (the template has them all):</source>
        <translation>可识别的列（顺序不限，列名可用中文或英文，模板中包含全部列）：</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Save the import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <location line="+1" />
        <source>customer-import-template.csv</source>
        <translation>客户导入模板.csv</translation>
    </message>
    <message>
        <location line="+1" />
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Could not save the template: %1</source>
        <translation>无法保存模板：%1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Saved the template to %1. Fill in one customer per row, then choose it here.</source>
        <translation>模板已保存到 %1。每行填写一个客户，然后在此选择该文件。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer lists (*.csv *.txt *.xlsx);;All files (*)</source>
        <translation>客户清单 (*.csv *.txt *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+33" />
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location line="+29" />
        <source>(ignore)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location line="+48" />
        <source>&lt;b&gt;%1&lt;/b&gt; rows: &lt;span style='color:%2'&gt;%3 new customers&lt;/span&gt; · &lt;span style='color:%2'&gt;%4 added contacts&lt;/span&gt; · &lt;span style='color:%5'&gt;%6 possible duplicates&lt;/span&gt; · &lt;span style='color:%7'&gt;%8 cannot be imported&lt;/span&gt;</source>
        <translation>共 &lt;b&gt;%1&lt;/b&gt; 行：&lt;span style='color:%2'&gt;新客户 %3 位&lt;/span&gt; · &lt;span style='color:%2'&gt;新增联系人 %4 位&lt;/span&gt; · &lt;span style='color:%5'&gt;疑似重复 %6 行&lt;/span&gt; · &lt;span style='color:%7'&gt;无法导入 %8 行&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <location line="+42" />
        <source>Import %n ticked row(s)</source>
        <translation>
            <numerusform>导入已勾选的 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+21" />
        <source>Importing %n row(s)…</source>
        <translation>
            <numerusform>正在导入 %n 行…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14" />
        <source>Imported %1 new customers and %2 contacts (%3 confirmed duplicates). %4 rows were left out; the list below shows why. New customers reach their reps' laptops at the next sync.</source>
        <translation>已导入新客户 %1 位、联系人 %2 位（其中确认导入的疑似重复 %3 位）。另有 %4 行未导入，原因见下表。新客户会在下次同步时到达相应业务员的笔记本电脑。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>&lt;b&gt;Report&lt;/b&gt;: rows left out, and why</source>
        <translation>&lt;b&gt;导入报告&lt;/b&gt;：未导入的行及原因</translation>
    </message>
    <message numerus="yes">
        <location line="+19" />
        <source>Nothing was imported: %n ticked row(s) cannot be imported as they are (marked below).</source>
        <translation>
            <numerusform>未导入任何数据：已勾选的行中有 %n 行无法按原样导入（见下方标注）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <location filename="../inbox.py" line="+73" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From</source>
        <translation>提交人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 · %2% discount</source>
        <translation>%1 · 折扣 %2%</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Discount</source>
        <translation>折扣审批</translation>
    </message>
    <message>
        <location line="+10" />
        <source>SLA breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Complaint</source>
        <translation>投诉升级</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <location line="+40" />
        <source>Inbox</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Enter open · A approve a quote · R return a quote</source>
        <translation>回车 打开 · A 通过报价 · R 退回报价</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Nothing waiting for you</source>
        <translation>暂无待办事项</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Quotes that need your discount approval and complaints escalated to you appear here after a sync.</source>
        <translation>同步后，需要您审批折扣的报价单和升级给您的投诉会显示在这里。</translation>
    </message>
    <message>
        <location line="+38" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Open the selected item</source>
        <translation>打开所选事项</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+14" />
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="-14" />
        <source>Approve the quote's discount</source>
        <translation>批准该报价单的折扣</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+16" />
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location line="-14" />
        <source>Return the quote to the rep with a comment</source>
        <translation>附意见将报价单退回业务员</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Show in complaints</source>
        <translation>在投诉列表中查看</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Open the complaint in the complaints list (Enter)</source>
        <translation>在投诉列表中打开该投诉（回车）</translation>
    </message>
    <message numerus="yes">
        <location line="+23" />
        <source>%n discount approval(s)</source>
        <translation>
            <numerusform>%n 张报价待审批折扣</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n complaint escalation(s)</source>
        <translation>
            <numerusform>%n 条投诉已升级</numerusform>
        </translation>
    </message>
    <message>
        <location line="+54" />
        <source>Select an item to see it here.</source>
        <translation>选择一个事项，在这里查看详情。</translation>
    </message>
    <message>
        <location line="+27" />
        <source>This is your own quote: an administrator decides on it.</source>
        <translation>这是您自己的报价单，需由管理员审批。</translation>
    </message>
    <message>
        <location line="+64" />
        <source>List value</source>
        <translation>标价金额</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Line discounts</source>
        <translation>行折扣</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Net (before tax)</source>
        <translation>净额（不含税）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Total (tax included)</source>
        <translation>合计（含税）</translation>
    </message>
    <message>
        <location line="-1" />
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location line="-93" />
        <source>Quote %1</source>
        <translation>报价单 %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Largest discount %1% — above the rep's limit of %2%</source>
        <translation>最大折扣 %1%，超出业务员 %2% 的权限</translation>
    </message>
    <message>
        <location line="+17" />
        <source>The discount is above your approval limit of %1%: an administrator decides on it.</source>
        <translation>折扣超出您 %1% 的审批权限，需由管理员审批。</translation>
    </message>
    <message>
        <location line="+33" />
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1 × %2 = %3 − %4% (%5) = %6 net</source>
        <translation>%1 × %2 = %3 − %4%（%5）= 净额 %6</translation>
    </message>
    <message>
        <location line="+10" />
        <source>%1 × %2 = %3 net</source>
        <translation>%1 × %2 = 净额 %3</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Header discount %1%</source>
        <translation>整单折扣 %1%</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+39" />
        <source>SLA breached: the customer has waited too long.</source>
        <translation>已超出服务时限：客户等待时间过长。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Escalated to</source>
        <translation>升级至</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Channel</source>
        <translation>投诉渠道</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Respond by</source>
        <translation>响应期限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Responded</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolve by</source>
        <translation>解决期限</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Description</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Quote %1 approved. The rep can send it after the next sync.</source>
        <translation>报价单 %1 已批准，业务员下次同步后即可发送。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Return quote %1</source>
        <translation>退回报价单 %1</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Quote %1 returned to the rep.</source>
        <translation>报价单 %1 已退回业务员。</translation>
    </message>
    <message>
        <location line="-10" />
        <source>The quote goes back to the rep as a draft. Say what to change, for example a smaller discount.</source>
        <translation>报价单将作为草稿退回业务员。请说明需要修改的地方，例如降低折扣。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Return</source>
        <translation>退回</translation>
    </message>
</context>
<context>
    <name>Kpi</name>
    <message>
        <location filename="../kpi/charts.py" line="+55" />
        <source>Amount (¥10,000)</source>
        <translation>金额（万元）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount (¥ thousand)</source>
        <translation>金额（千元）</translation>
    </message>
    <message>
        <location line="+60" />
        <source>Completed visits per day</source>
        <translation>每日完成拜访数</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Completed visits per week</source>
        <translation>每周完成拜访数</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Completed visits per month</source>
        <translation>每月完成拜访数</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Visits</source>
        <translation>拜访数</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Sales against target</source>
        <translation>销售额与目标对比</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+35" />
        <location filename="../kpi/models.py" line="+179" />
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="-32" />
        <location filename="../kpi/models.py" line="+7" />
        <source>Target</source>
        <translation>销售目标</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Cash collection over time (cumulative)</source>
        <translation>回款进度（累计）</translation>
    </message>
    <message>
        <location line="+4" />
        <location filename="../kpi/models.py" line="+18" />
        <source>Cash collected</source>
        <translation>现金回款</translation>
    </message>
    <message>
        <location filename="../kpi/models.py" line="-155" />
        <source>Team total</source>
        <translation>团队合计</translation>
    </message>
    <message>
        <location line="+53" />
        <source>Over 100 %: the cash collected includes payments for sales made before this period.</source>
        <translation>超过 100%：回款中包含本期之前销售的货款。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Over 100 %: receivables that fell due before this period were collected in it too.</source>
        <translation>超过 100%：本期内还收回了本期之前到期的应收账款。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>No sales target was set for this period</source>
        <translation>本期未设定销售目标</translation>
    </message>
    <message>
        <location line="-65" />
        <source>%1 completed visits ÷ %2 working days so far</source>
        <translation>已完成拜访 %1 次 ÷ 截至今日 %2 个工作日</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 completed visits ÷ %2 working days</source>
        <translation>完成拜访 %1 次 ÷ 工作日 %2 天</translation>
    </message>
    <message>
        <location line="+31" />
        <source>%1 sales ÷ %2 customers with a sale</source>
        <translation>销售额 %1 ÷ 成交客户 %2 户</translation>
    </message>
    <message>
        <location line="+10" />
        <source>%1 collected ÷ %2 sales</source>
        <translation>现金回款 %1 ÷ 销售额 %2</translation>
    </message>
    <message>
        <location line="+9" />
        <source>%1 collected on receivables ÷ %2 falling due</source>
        <translation>应收回款 %1 ÷ 本期到期应收 %2</translation>
    </message>
    <message>
        <location line="-14" />
        <source>%1 visit costs ÷ %2 customers visited</source>
        <translation>拜访费用 %1 ÷ 拜访客户 %2 户</translation>
    </message>
    <message>
        <location line="+28" />
        <source>%1 sales ÷ %2 target</source>
        <translation>销售额 %1 ÷ 目标 %2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Sales rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Visits / day</source>
        <translation>每天平均访问户数</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Visits per working day: completed visits ÷ working days (Mon–Fri)</source>
        <translation>每天平均访问户数：完成拜访数 ÷ 工作日数（周一至周五）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Deal / customer</source>
        <translation>每户成交金额</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Deal amount per customer: sales (accepted quotes) ÷ customers with a sale</source>
        <translation>每户成交金额：销售额（已成交报价）÷ 成交客户数</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cash collection</source>
        <translation>现金回收率</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cash collection rate: cash collected ÷ sales</source>
        <translation>现金回收率：现金回款 ÷ 销售额</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Receivables collection</source>
        <translation>应收账款回收率</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Receivables collection rate: receivables collected in the period ÷ receivables due in the period</source>
        <translation>应收账款回收率：本期收回的应收账款 ÷ 本期到期的应收账款</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Visit cost / customer</source>
        <translation>每户平均访问费用</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Visit cost per customer: visit costs ÷ customers visited</source>
        <translation>每户平均访问费用：拜访费用 ÷ 拜访客户数</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Target achieved</source>
        <translation>销售目标达成率</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Target achievement rate: sales ÷ sales target</source>
        <translation>销售目标达成率：销售额 ÷ 销售目标</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Accepted quotes in the period</source>
        <translation>本期已成交的报价金额</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Monthly sales targets, pro rata for partly covered months</source>
        <translation>月度销售目标，不足整月的按天折算</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Completed visits</source>
        <translation>完成拜访数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Working days</source>
        <translation>工作日数</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customers with a sale</source>
        <translation>成交客户数</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Receivables collected</source>
        <translation>收回应收账款</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Receivables due</source>
        <translation>到期应收账款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit costs</source>
        <translation>拜访费用</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customers visited</source>
        <translation>拜访客户数</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Due by grade</source>
        <translation>按等级应访</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Visits the customers' visit grades call for (A every 7 days, B 14, C 30)</source>
        <translation>按客户拜访等级应完成的拜访次数（A 类每 7 天、B 类每 14 天、C 类每 30 天一次）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Planned</source>
        <translation>计划拜访</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Visits planned for a time in the period</source>
        <translation>计划在本期内进行的拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Done as planned</source>
        <translation>按计划完成</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Planned visits whose log was submitted</source>
        <translation>已提交拜访记录的计划拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Plan kept</source>
        <translation>计划完成率</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Done as planned ÷ planned</source>
        <translation>按计划完成 ÷ 计划拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Visits made</source>
        <translation>实际拜访</translation>
    </message>
    <message>
        <location line="+4" />
        <source>All completed visits, planned or not</source>
        <translation>全部已完成的拜访（含计划外）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Made vs due</source>
        <translation>应访完成率</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Visits made ÷ due by grade</source>
        <translation>实际拜访 ÷ 按等级应访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Coverage</source>
        <translation>客户覆盖率</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Customers visited at least once ÷ customers in the territory</source>
        <translation>至少拜访过一次的客户 ÷ 片区客户总数</translation>
    </message>
    <message>
        <location line="+78" />
        <source>This period has not started yet</source>
        <translation>此期间尚未开始</translation>
    </message>
</context>
<context>
    <name>KpiPage</name>
    <message>
        <location filename="../kpi/page.py" line="+65" />
        <source>Team KPIs</source>
        <translation>团队效率指标</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quarter</source>
        <translation>按季度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Custom range</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Which kind of period to report</source>
        <translation>统计周期类型</translation>
    </message>
    <message>
        <location line="+5" />
        <source>First day of the range</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last day of the range</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Save the KPIs, coverage and daily figures as an Excel workbook (Ctrl+E)</source>
        <translation>将指标、拜访覆盖和每日数据保存为 Excel 工作簿 (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save the KPI table as a CSV file (Ctrl+Shift+E)</source>
        <translation>将指标表保存为 CSV 文件 (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Period</source>
        <translation>统计周期</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Hover a figure to see how it was computed</source>
        <translation>将鼠标悬停在数字上可查看计算方法</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Visits over time</source>
        <translation>拜访趋势</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales against target</source>
        <translation>销售目标</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cash collection</source>
        <translation>回款进度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit coverage by territory</source>
        <translation>片区拜访覆盖</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+173" />
        <source>No activity in this period</source>
        <translation>本期暂无业务数据</translation>
    </message>
    <message>
        <location line="-171" />
        <location line="+173" />
        <source>No visits, sales or payments were recorded. Choose another period, or sync to receive your team's latest work.</source>
        <translation>本期没有拜访、成交或回款记录。请选择其他周期，或同步以获取团队的最新数据。</translation>
    </message>
    <message>
        <location line="-158" />
        <source>No team to report on yet</source>
        <translation>暂无团队数据</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Your reps and their visits, sales and targets appear here after a sync.</source>
        <translation>同步后，您的业务员及其拜访、销售和目标会显示在这里。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Computing KPIs…</source>
        <translation>正在计算指标…</translation>
    </message>
    <message>
        <location line="+31" />
        <source>%1-%2</source>
        <translation>%1年%3月</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 Q%2</source>
        <translation>%1年第%2季度</translation>
    </message>
    <message>
        <location line="+61" />
        <source>Could not compute the KPIs: %1</source>
        <translation>无法计算指标：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+10" />
        <source>%1 – %2 · not started yet · %3 working days · %n rep(s)</source>
        <translation>
            <numerusform>%1 至 %2 · 尚未开始 · %3 个工作日 · %n 名业务员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8" />
        <source>%1 – %2 · to date: %3 of %4 working days · %n rep(s)</source>
        <translation>
            <numerusform>%1 至 %2 · 截至今日：已过 %3 / %4 个工作日 · %n 名业务员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8" />
        <source>%1 – %2 · %3 working days · %n rep(s)</source>
        <translation>
            <numerusform>%1 至 %2 · %3 个工作日 · %n 名业务员</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25" />
        <source>This period has not started yet</source>
        <translation>此期间尚未开始</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Its figures appear here as the team's visits, sales and payments come in.</source>
        <translation>团队的拜访、销售和回款记录后，数据会显示在这里。</translation>
    </message>
    <message>
        <location line="+81" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Could not save the file: %1</source>
        <translation>无法保存文件：%1</translation>
    </message>
    <message>
        <location line="-158" />
        <source>The range ends before it starts.</source>
        <translation>截止日期早于起始日期。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+95" />
        <source>KPIs</source>
        <translation>效率指标</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Coverage</source>
        <translation>拜访覆盖</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Cash collected</source>
        <translation>现金回款</translation>
    </message>
    <message>
        <location line="+10" />
        <source>By day</source>
        <translation>每日数据</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Export KPIs</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>LifecycleStage</name>
    <message>
        <location filename="../labels.py" line="-111" />
        <source>Prospect</source>
        <translation>潜在客户期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Development</source>
        <translation>开发期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Growth</source>
        <translation>成长期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Maturity</source>
        <translation>成熟期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Termination</source>
        <translation>终止期</translation>
    </message>
</context>
<context>
    <name>LocationSource</name>
    <message>
        <location line="+55" />
        <source>GPS</source>
        <translation>GPS 定位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Network</source>
        <translation>网络定位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Entered by hand</source>
        <translation>手动输入</translation>
    </message>
</context>
<context>
    <name>Lock</name>
    <message numerus="yes">
        <location filename="../../desktop/app_lock.py" line="+182" />
        <source>Wrong password: %n more attempt(s) before the local data locks.</source>
        <extracomment>Tests set a short idle time in milliseconds instead of the organisation's minutes.</extracomment>
        <translation>
            <numerusform>密码错误：再错 %n 次，本机数据将被锁定。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9" />
        <source>This computer cannot check your password offline yet: sign in online once.</source>
        <translation>这台电脑还不能离线验证您的密码：请先联网登录一次。</translation>
    </message>
    <message numerus="yes">
        <location line="+44" />
        <source>Sync within %n day(s), or local data locks</source>
        <translation>
            <numerusform>请在 %n 天内同步，否则本机数据将被锁定</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12" />
        <source>This laptop has not reached the server for more than %n day(s), so its customer data is locked. Connect to the network: it unlocks after the next sync, and your queued changes are sent first.</source>
        <translation>
            <numerusform>这台笔记本已超过 %n 天未连接服务器，因此客户数据已被锁定。请连接网络：下次同步后即可解锁，排队中的修改会先发送。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../lock_screen.py" line="+32" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Sign in online…</source>
        <translation>联网登录…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Fieldsales is locked</source>
        <translation>外勤销售已锁定</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Enter your password to continue. Sync keeps running in the background.</source>
        <translation>请输入密码继续。同步会在后台继续进行。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Local data locked</source>
        <translation>本机数据已锁定</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The password was wrong too many times. Sign in online to unlock the data on this computer; your unsent changes are kept.</source>
        <translation>密码错误次数过多。请联网登录以解锁这台电脑上的数据；尚未发送的修改会保留。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Sync needed</source>
        <translation>需要同步</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../../desktop/app.py" line="+453" />
        <source>Please wait until the running sync ends.</source>
        <translation>请等待当前同步结束。</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Unencrypted connections to this server are allowed now. Log in again.</source>
        <translation>已允许与此服务器的未加密连接。请重新登录。</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Unencrypted connection</source>
        <translation>未加密的连接</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is not encrypted (http:// instead of https://). Your password and your customers' data would cross the network readable by anyone on the way.

Allow unencrypted connections to this server anyway? Only do this on a network you trust, or ask your administrator for the https:// address.</source>
        <translation>%1 未加密（使用 http:// 而不是 https://）。您的密码和客户数据在网络传输中可被途经的任何人读取。

仍要允许与此服务器的未加密连接吗？请仅在可信的网络中这样做，或向管理员索取 https:// 地址。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Not logged in: working with local data. Press F5 to log in and sync.</source>
        <translation>未登录：正在使用本地数据。按 F5 登录并同步。</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Signed out. Log in as yourself or as another user.</source>
        <translation>已注销。请以您自己或其他用户身份登录。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../login_dialog.py" line="+46" />
        <source>Log in to Fieldsales</source>
        <translation>登录外勤销售</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Welcome to Fieldsales</source>
        <translation>欢迎使用外勤销售</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Log in once on this computer. After that you can work offline; your data syncs whenever the server can be reached.</source>
        <translation>在这台电脑上登录一次即可。之后可以离线工作，能连接服务器时数据会自动同步。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>e.g. zhangwei</source>
        <translation>例如 zhangwei</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Only if your IT gave you one (PEM file)</source>
        <translation>仅当 IT 部门提供了证书时填写（PEM 文件）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>For a server whose certificate your company issued itself: the certificate of the company's certificate authority, a .pem or .crt file. Leave empty otherwise.</source>
        <translation>用于证书由贵公司自行签发的服务器：公司证书颁发机构的证书（.pem 或 .crt 文件）。否则请留空。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Company CA</source>
        <translation>公司 CA 证书</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+42" />
        <source>Please fill in the server, your username and your password.</source>
        <translation>请填写服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The server address starts with http:// or https://.</source>
        <translation>服务器地址应以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <location line="+25" />
        <source>The certificate file %1 cannot be read (no permission?).</source>
        <translation>无法读取证书文件 %1（没有权限？）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 is not a certificate in PEM format (a text file beginning with -----BEGIN CERTIFICATE-----). Ask your IT for the company's CA certificate as PEM.</source>
        <translation>%1 不是 PEM 格式的证书（以 -----BEGIN CERTIFICATE----- 开头的文本文件）。请向 IT 部门索取 PEM 格式的公司 CA 证书。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The certificate file %1 does not exist.</source>
        <translation>证书文件 %1 不存在。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Company certificate authority</source>
        <translation>公司证书颁发机构</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="+123" />
        <location line="+75" />
        <source>Fieldsales</source>
        <translation>外勤销售</translation>
    </message>
    <message>
        <location line="-65" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quotes</source>
        <translation>报价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Review</source>
        <translation>稽查审核</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inbox</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location line="+1" />
        <source>KPIs</source>
        <translation>团队指标</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location line="+58" />
        <source>Field sales workspace</source>
        <translation>销售团队工作台</translation>
    </message>
    <message>
        <location line="+23" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Send and receive changes (F5)</source>
        <translation>发送并接收更改 (F5)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Sync &amp;centre…</source>
        <translation>同步中心(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Changes waiting to be sent, and those the server did not accept (Ctrl+Shift+I)</source>
        <translation>待发送的更改，以及服务器未接受的更改（Ctrl+Shift+I）</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Sign &amp;out / switch user…</source>
        <translation>注销 / 切换用户(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Log out of this computer; changes not yet sent stay here</source>
        <translation>在本机注销；尚未发送的更改保留在本机</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Search &amp;customers</source>
        <translation>搜索客户(&amp;C)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>A new language is used after a restart</source>
        <translation>切换语言将在重启后生效</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;About Fieldsales</source>
        <translation>关于外勤销售(&amp;A)</translation>
    </message>
    <message>
        <location line="+102" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fieldsales will use the new language the next time it starts.</source>
        <translation>外勤销售将在下次启动时使用新的语言。</translation>
    </message>
    <message>
        <location line="+26" />
        <location line="+9" />
        <source>Sign out</source>
        <translation>注销</translation>
    </message>
    <message numerus="yes">
        <location line="-8" />
        <source>%n change(s) made on this computer not yet sent to the server.</source>
        <translation>
            <numerusform>本机有 %n 项更改尚未发送到服务器。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3" />
        <source>They stay on this computer and are sent the next time you log in here. Sign out anyway?</source>
        <translation>这些更改保留在本机，下次您在这里登录时发送。仍要注销吗？</translation>
    </message>
    <message>
        <location line="+17" />
        <source>About Fieldsales</source>
        <translation>关于外勤销售</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Fieldsales — the field sales workspace for reps and supervisors.
Works offline; syncs with your company's server.</source>
        <translation>外勤销售——为业务员和区域主管打造的外勤工作台。
支持离线工作，并与公司服务器同步。</translation>
    </message>
</context>
<context>
    <name>NodeDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="+70" />
        <source>Rename %1</source>
        <translation>重命名%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A region (大区) groups territories; a supervisor manages it.</source>
        <translation>大区下辖若干片区，由区域主管负责。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A territory (片区) belongs to a region; reps are assigned territories.</source>
        <translation>片区隶属于大区，业务员按片区分配。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A grid cell (网格) divides a territory further; it is optional.</source>
        <translation>网格是片区的进一步细分，可选。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>e.g. 杭州西湖片区</source>
        <translation>例如：杭州西湖片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. E-HZ-1</source>
        <translation>例如：E-HZ-1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Letters, digits, dots, dashes; unique in the tree</source>
        <translation>字母、数字、点或短横线；在整个区域树中唯一</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Under</source>
        <translation>上级</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Give the node a name.</source>
        <translation>请填写名称。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Give the node a code.</source>
        <translation>请填写编号。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Choose where the node belongs.</source>
        <translation>请选择上级。</translation>
    </message>
</context>
<context>
    <name>NodeKind</name>
    <message>
        <location filename="../labels.py" line="-77" />
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Grid cell</source>
        <translation>网格</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="+408" />
        <source>Override the classification of %1</source>
        <translation>人工调整 %1 的分级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The fixed values stay until the override is cleared; classification runs keep them.</source>
        <translation>人工设定的值会一直保留，直到清除调整；每次自动分级都不会覆盖。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>(as computed)</source>
        <translation>（按计算结果）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Value tier</source>
        <translation>价值分级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit grade</source>
        <translation>拜访等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Credit grade</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Choose at least one value to fix.</source>
        <translation>请至少设定一项。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Give a reason for the override.</source>
        <translation>请填写调整原因。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message numerus="yes">
        <location filename="../quotes/page.py" line="+99" />
        <source>%n quote(s), newest first</source>
        <translation>
            <numerusform>共 %n 张报价单，最新的在前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="-281" />
        <source>Reset password of %1</source>
        <translation>重置 %1 的密码</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The user's sessions end on every computer; they log in again with the new password.</source>
        <translation>该用户在所有电脑上的登录都会失效，需用新密码重新登录。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>at least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
    <message>
        <location line="+4" />
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The password must have at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PaymentMethod</name>
    <message>
        <location filename="../labels.py" line="+128" />
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Online payment</source>
        <translation>在线支付</translation>
    </message>
</context>
<context>
    <name>PlanVisitDialog</name>
    <message>
        <location filename="../visits/planning.py" line="-180" />
        <source>Move visit</source>
        <translation>调整拜访时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Plan a visit</source>
        <translation>计划拜访</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Find the customer: name, pinyin, code or phone</source>
        <translation>查找客户：名称、拼音、编号或电话</translation>
    </message>
    <message>
        <location line="+33" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Move</source>
        <translation>调整</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Plan visit</source>
        <translation>计划拜访</translation>
    </message>
    <message>
        <location line="+33" />
        <source>— no particular contact —</source>
        <translation>— 不指定联系人 —</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Which customer?</source>
        <translation>拜访哪位客户？</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Choose the customer first.</source>
        <translation>请先选择客户。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Choose a time that has not passed yet.</source>
        <translation>请选择一个尚未过去的时间。</translation>
    </message>
</context>
<context>
    <name>PriceListDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="+80" />
        <source>Edit price list</source>
        <translation>编辑价目表</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New price list</source>
        <translation>新建价目表</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A price list applies to customers of one value tier; its volume breaks are edited separately.</source>
        <translation>价目表适用于某一价值分级的客户；数量折扣另行编辑。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>e.g. VIP 价目表 2026</source>
        <translation>例如：VIP 价目表 2026</translation>
    </message>
    <message>
        <location line="+2" />
        <source>(any tier)</source>
        <translation>（所有分级）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Ends on</source>
        <translation>截止于</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer tier</source>
        <translation>客户分级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Give the price list a name.</source>
        <translation>请填写价目表名称。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The currency is a three-letter code such as CNY.</source>
        <translation>币种为三位字母代码，例如 CNY。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The end date is before the start date.</source>
        <translation>截止日期早于生效日期。</translation>
    </message>
</context>
<context>
    <name>PriceListsTab</name>
    <message>
        <location filename="../admin/catalog.py" line="+151" />
        <source>Price list</source>
        <translation>价目表</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Customer tier</source>
        <translation>客户分级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>any</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Breaks</source>
        <translation>折扣档</translation>
    </message>
    <message>
        <location line="+16" />
        <source>SKU</source>
        <translation>产品编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+3" />
        <source>From quantity</source>
        <translation>起订数量</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+12" />
        <source>New price list…</source>
        <translation>新建价目表…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Volume breaks…</source>
        <translation>数量折扣…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Edit the list's prices by quantity</source>
        <translation>按数量编辑价目表的价格</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Export the selected list's prices</source>
        <translation>导出所选价目表的价格</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+13" />
        <source>always</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <location line="+1" />
        <source>from %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Created %1. Add its volume breaks next.</source>
        <translation>已创建 %1。接下来请添加数量折扣。</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Saved the volume breaks of %1; laptops get them at their next sync.</source>
        <translation>已保存 %1 的数量折扣，各笔记本电脑在下次同步时收到。</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="-105" />
        <source>Edit product</source>
        <translation>编辑产品</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New product</source>
        <translation>新建产品</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Products reach every laptop at the next sync.</source>
        <translation>产品会在下次同步时到达所有笔记本电脑。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>e.g. TEA-1001</source>
        <translation>例如：TEA-1001</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. 西湖龙井 250g</source>
        <translation>例如：西湖龙井 250g</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. 盒</source>
        <translation>例如：盒</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. 茶叶</source>
        <translation>例如：茶叶</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Active (offered in new quotes)</source>
        <translation>启用（可用于新报价）</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+14" />
        <source>SKU</source>
        <translation>产品编号</translation>
    </message>
    <message>
        <location line="-13" />
        <location line="+14" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="-13" />
        <location line="+14" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="-13" />
        <location line="+14" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-13" />
        <source>List price (¥)</source>
        <translation>目录价（¥）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax rate (%)</source>
        <translation>税率（%）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+14" />
        <source>%1 is required.</source>
        <translation>%1为必填项。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The list price must be an amount like 128.00.</source>
        <translation>目录价须为金额，例如 128.00。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The tax rate is a percent between 0 and 100, e.g. 13.</source>
        <translation>税率为 0 到 100 之间的百分数，例如 13。</translation>
    </message>
</context>
<context>
    <name>ProductsTab</name>
    <message>
        <location filename="../admin/catalog.py" line="-201" />
        <source>SKU</source>
        <translation>产品编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+3" />
        <source>List price</source>
        <translation>目录价</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Tax</source>
        <translation>税率</translation>
    </message>
    <message>
        <location line="+15" />
        <source>New product…</source>
        <translation>新建产品…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Activate / deactivate</source>
        <translation>启用 / 停用</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Inactive products are not offered in new quotes</source>
        <translation>停用的产品不能用于新报价</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n 个产品</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3" />
        <source>Created %1; laptops get it at their next sync.</source>
        <translation>已创建 %1，各笔记本电脑在下次同步时收到。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../qt_strings.py" line="+14" />
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QuoteDocument</name>
    <message>
        <location filename="../quotes/document.py" line="+64" />
        <source>QUOTATION</source>
        <translation>报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quotation no.</source>
        <translation>报价单号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quotation date</source>
        <translation>报价日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 (replaces %2)</source>
        <translation>第 %1 版（替代 %2）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales representative</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax ID</source>
        <translation>税号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Bank account</source>
        <translation>开户行及账号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Item no.</source>
        <translation>货号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Description</source>
        <translation>品名规格</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Disc.</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Subtotal (excl. tax)</source>
        <translation>小计（不含税）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Discount %1%</source>
        <translation>整单折扣 %1%</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Total (incl. tax)</source>
        <translation>合计（含税）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Total in words</source>
        <translation>合计金额（大写）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Say %1 %2 only</source>
        <translation>%1 %2 整</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Terms</source>
        <translation>条款说明</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This quotation is valid until %1.</source>
        <translation>本报价有效期至 %1。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This quotation has no fixed validity date.</source>
        <translation>本报价未设定有效期。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit prices and amounts exclude tax; tax is added per line at the rate shown.</source>
        <translation>单价及金额均不含税，税额按各行所列税率另行计算。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Amounts are rounded half up to the cent per line; the total is the sum of the lines.</source>
        <translation>金额逐行四舍五入至分，合计为各行之和。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Your contact: %1</source>
        <translation>您的业务联系人：%1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accepted by the customer (signature and seal)</source>
        <translation>客户确认（签字并盖章）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>For %1 (seal)</source>
        <translation>%1（盖章）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <location line="+1" />
        <source>PENDING APPROVAL</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location line="+1" />
        <source>DRAFT</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1" />
        <source>CANCELLED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location line="+1" />
        <source>EXPIRED</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pending approval: the discount in this quotation still needs a supervisor's approval. It is not yet a binding offer.</source>
        <translation>待审批：本报价单的折扣尚需主管批准，目前不构成正式报价。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Draft: this quotation is not yet a binding offer.</source>
        <translation>草稿：本报价单目前不构成正式报价。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This quotation was cancelled and is no longer valid.</source>
        <translation>本报价单已作废，不再有效。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>This quotation has expired.</source>
        <translation>本报价单已过期。</translation>
    </message>
</context>
<context>
    <name>QuoteEditor</name>
    <message>
        <location filename="../quotes/editor.py" line="+178" />
        <source>&amp;Customer</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>C&amp;ontact</source>
        <translation>联系人(&amp;O)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Issued</source>
        <translation>开具日期(&amp;I)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Valid until</source>
        <translation>有效期至(&amp;V)</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Price list</source>
        <translation>价格表</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Add a product: type its SKU, name or pinyin, then Enter (Ctrl+L)</source>
        <translation>添加产品：输入货号、名称或拼音，按 Enter 添加 (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Catalogue… (F4)</source>
        <translation>产品目录… (F4)</translation>
    </message>
    <message>
        <location line="+37" />
        <source>No lines yet. Type a product above and press Enter.</source>
        <translation>尚无明细。在上方输入产品并按 Enter。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Notes for the customer</source>
        <translation>给客户的备注(&amp;N)</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Comment for the rep (required to return the quote)</source>
        <translation>给业务员的意见（退回时必填）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Approve (Ctrl+Shift+Y)</source>
        <translation>批准 (Ctrl+Shift+Y)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Return to rep (Ctrl+Shift+N)</source>
        <translation>退回业务员 (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location line="+19" />
        <source>A discount on the whole quote, in percent (Alt+H)</source>
        <translation>整单折扣，按百分比 (Alt+H)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Header discount %</source>
        <translation>整单折扣 %(&amp;H)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Header discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Rounding (one rule, as on the printed quote and on the server):
1. Each line: quantity × unit price × (1 − line discount), rounded half up to the cent.
2. Subtotal: the sum of the lines.
3. Header discount: subtotal × header discount, rounded half up to the cent, shared across the lines in whole cents (largest remainder).
4. Tax: per line, (line − its share) × tax rate, rounded half up to the cent.
5. Total: subtotal − header discount + tax; the lines add up to it exactly.</source>
        <translation>舍入规则（与打印的报价单和服务器一致）：
1. 每行：数量 × 单价 × (1 − 行折扣)，四舍五入至分。
2. 小计：各行金额之和。
3. 整单折扣：小计 × 整单折扣率，四舍五入至分，并以整分按比例分摊到各行（最大余数法）。
4. 税额：逐行计算 (行金额 − 分摊折扣) × 税率，四舍五入至分。
5. 合计：小计 − 整单折扣 + 税额；各行之和与合计分毫不差。</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Language of the printed quote</source>
        <translation>打印报价单所用语言</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Quote</source>
        <translation>报价单</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Quote</source>
        <translation>报价单(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save the quote on this computer</source>
        <translation>将报价单保存在本机</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Submit for &amp;approval</source>
        <translation>提交审批(&amp;A)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Send the quote to your supervisor to approve its discount</source>
        <translation>将报价单提交主管审批折扣</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Mark as s&amp;ent</source>
        <translation>标记为已发送(&amp;E)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The quote was handed or sent to the customer</source>
        <translation>报价单已交给或发送给客户</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Open &amp;PDF</source>
        <translation>打开 PDF(&amp;P)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Make the printable quote and open it</source>
        <translation>生成可打印的报价单并打开</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Save PDF &amp;as…</source>
        <translation>PDF 另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Make the printable quote and save it</source>
        <translation>生成可打印的报价单并保存</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Photos and &amp;files…</source>
        <translation>照片和文件(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The photos and documents attached to this quote (a saved quote)</source>
        <translation>此报价单所附的照片和文档（需先保存报价单）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&amp;Copy to a new quote</source>
        <translation>复制为新报价单(&amp;C)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A new draft with the same lines at today's prices</source>
        <translation>以当前价格新建一份明细相同的草稿</translation>
    </message>
    <message>
        <location line="+6" />
        <source>New &amp;revision</source>
        <translation>新建修订版(&amp;R)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A new draft replacing this sent quote, with a new number</source>
        <translation>新建草稿替代这份已发送的报价单，使用新单号</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Customer acc&amp;epted</source>
        <translation>客户已接受(&amp;E)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The customer accepted: the quote becomes an order and counts as a sale</source>
        <translation>客户已接受：报价单成为订单，计入销售额</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Customer re&amp;jected</source>
        <translation>客户已拒绝(&amp;J)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The customer declined the offer</source>
        <translation>客户拒绝了此报价</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Mark e&amp;xpired</source>
        <translation>标记为已过期(&amp;X)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The validity date passed without an answer</source>
        <translation>已过有效期，客户未答复</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Cance&amp;l quote</source>
        <translation>取消报价单(&amp;L)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Withdraw the quote; its number is not reused</source>
        <translation>撤回报价单；其单号不再使用</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Close this quote</source>
        <translation>关闭此报价单</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Lines</source>
        <translation>明细(&amp;L)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Add a &amp;product</source>
        <translation>添加产品(&amp;P)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Type to find a product, Enter to add it</source>
        <translation>输入查找产品，按 Enter 添加</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Browse the &amp;catalogue</source>
        <translation>浏览产品目录(&amp;C)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Products by category with the customer's prices</source>
        <translation>按类别浏览产品及该客户的价格</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Remove line</source>
        <translation>删除明细行(&amp;R)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Remove the selected line</source>
        <translation>删除选中的明细行</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Use the price-list &amp;price</source>
        <translation>使用价格表价格(&amp;P)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Forget the typed price: take the price list's price for the quantity</source>
        <translation>放弃手工输入的单价，按数量采用价格表价格</translation>
    </message>
    <message>
        <location line="+5" />
        <source>A&amp;pproval</source>
        <translation>审批(&amp;P)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Approve discount</source>
        <translation>批准折扣(&amp;A)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Approve the quote's discount</source>
        <translation>批准此报价单的折扣</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Return to rep</source>
        <translation>退回业务员(&amp;R)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Send the quote back to the rep as a draft, with your comment</source>
        <translation>附上意见，将报价单作为草稿退回业务员</translation>
    </message>
    <message>
        <location line="+25" />
        <source>(no contact)</source>
        <translation>（无联系人）</translation>
    </message>
    <message>
        <location line="+99" />
        <source>New quote</source>
        <translation>新报价单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Quote %1</source>
        <translation>报价单 %1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location line="+3" />
        <source>revision %1 of %2</source>
        <translation>%2 的第 %1 版</translation>
    </message>
    <message>
        <location line="+6" />
        <source>rep: %1</source>
        <translation>业务员：%1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Choose the customer to see their prices</source>
        <translation>选择客户后显示其价格</translation>
    </message>
    <message>
        <location line="+3" />
        <source>List prices (no price list for this customer) · %1</source>
        <translation>目录价（该客户无适用价格表）· %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Unit prices come from the price list of the customer's tier; a larger quantity can reach a lower volume-break price.</source>
        <translation>单价取自客户等级对应的价格表；数量越大，可享受越低的阶梯价格。</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Effective discount %1% · limit %2%</source>
        <translation>实际折扣 %1% · 权限 %2%</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The largest of: any line discount, the header discount, and how far the whole quote is below the price list (typed prices count).</source>
        <translation>取以下三者中的最大值：任一行折扣、整单折扣，以及整单低于价格表的幅度（手工改价也计算在内）。</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Returned by your supervisor: “%1”. Change the quote and submit it again.</source>
        <translation>主管已退回：“%1”。请修改报价单后重新提交。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The effective discount of %1% is above the %2% limit: submit the quote for approval (Ctrl+Shift+A) before it can be sent.</source>
        <translation>实际折扣 %1% 超过 %2% 的权限：须先提交审批 (Ctrl+Shift+A)，批准后才能发送。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Waiting for your decision: effective discount %1% (the rep's limit is %2%). Approve it, or return it to the rep with a comment.</source>
        <translation>等待您审批：实际折扣 %1%（业务员权限为 %2%）。请批准，或附意见退回业务员。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Waiting for approval of the %1% discount. You see the decision after a sync. Printed now, the quote carries a “pending approval” mark.</source>
        <translation>%1% 的折扣正在等待审批，同步后可看到审批结果。现在打印的报价单带有“待审批”标记。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Approved by %1 on %2. It can be sent to the customer now.</source>
        <translation>已由 %1 于 %2 批准，现在可以发送给客户。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Comment: “%1”</source>
        <translation>意见：“%1”</translation>
    </message>
    <message>
        <location line="+6" />
        <source>This quote expired on %1. Create a revision (Ctrl+Shift+R) to renew the offer.</source>
        <translation>此报价单已于 %1 过期。如需重新报价，请新建修订版 (Ctrl+Shift+R)。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Sent to the customer on %1, valid until %2. Its lines and prices are fixed; a changed offer is a new revision (Ctrl+Shift+R).</source>
        <translation>已于 %1 发送给客户，有效期至 %2。明细和价格已锁定；如需变更报价，请新建修订版 (Ctrl+Shift+R)。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Accepted by the customer on %1: an order, counted as a sale.</source>
        <translation>客户已于 %1 接受：已成交，计入销售额。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The customer rejected this quote. A revision can make a new offer.</source>
        <translation>客户已拒绝此报价单，可通过修订版重新报价。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>This quote was cancelled. Its number is never used again.</source>
        <translation>此报价单已取消，其单号不再使用。</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Your decision — effective discount %1%, your approval limit %2%</source>
        <translation>您的审批 — 实际折扣 %1%，您的审批权限 %2%</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Enter adds · F4 catalogue · Ctrl+S saves</source>
        <translation>Enter 添加 · F4 产品目录 · Ctrl+S 保存</translation>
    </message>
    <message>
        <location line="+85" />
        <source>The header discount must be a percentage between 0 and 100.</source>
        <translation>整单折扣必须是 0 到 100 之间的百分比。</translation>
    </message>
    <message>
        <location line="+46" />
        <source>A line has a value that is not allowed; fix it before saving.</source>
        <translation>有明细行的数值无效，请先改正再保存。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Saved on this computer; it is sent at the next sync.</source>
        <translation>已保存在本机，将在下次同步时上传。</translation>
    </message>
    <message>
        <location line="+39" />
        <source>Cancel quote</source>
        <translation>取消报价单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Cancel quote %1? It stays in the list as cancelled and its number is not reused.</source>
        <translation>取消报价单 %1？它将以“已取消”状态保留在列表中，其单号不再使用。</translation>
    </message>
    <message>
        <location line="+44" />
        <source>Save the quote as PDF</source>
        <translation>将报价单保存为 PDF</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Making the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The PDF could not be made: %1</source>
        <translation>无法生成 PDF：%1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save the changes to this quote?</source>
        <translation>保存对此报价单的更改吗？</translation>
    </message>
</context>
<context>
    <name>QuoteErrors</name>
    <message>
        <location filename="../errors.py" line="-202" />
        <source>The discount is above your limit: submit the quote for approval before sending it.</source>
        <translation>折扣超出您的权限：请先提交审批，批准后再发送。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>This quote is no longer a draft: its lines and prices are fixed. Create a revision to change the offer.</source>
        <translation>此报价单已不是草稿，明细和价格已锁定。如需变更报价，请新建修订版。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Add at least one line first.</source>
        <translation>请先至少添加一行明细。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The quantity must be greater than 0; remove the line instead.</source>
        <translation>数量必须大于 0；如不需要，请删除该行。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A percentage must be between 0 and 100.</source>
        <translation>百分比必须在 0 到 100 之间。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A price cannot be negative.</source>
        <translation>价格不能为负数。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>You cannot approve or return your own quote; another supervisor or an administrator decides on its discount.</source>
        <translation>不能审批或退回自己的报价单；其折扣须由其他主管或管理员决定。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Only a supervisor or an administrator can decide on a quote waiting for approval.</source>
        <translation>只有主管或管理员才能审批待审批的报价单。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The discount is above your approval limit; an administrator must approve it.</source>
        <translation>折扣超出您的审批权限，须由管理员批准。</translation>
    </message>
    <message>
        <location line="+133" />
        <source>Say why the quote is returned: a comment is required.</source>
        <translation>请说明退回原因：必须填写意见。</translation>
    </message>
    <message>
        <location line="-130" />
        <source>This quote belongs to another rep.</source>
        <translation>此报价单属于其他业务员。</translation>
    </message>
    <message>
        <location line="+131" />
        <source>This step is not possible in the quote's status.</source>
        <translation>报价单当前状态下无法执行此操作。</translation>
    </message>
    <message>
        <location line="-130" />
        <source>This quote is closed and can no longer change.</source>
        <translation>此报价单已结束，不能再更改。</translation>
    </message>
    <message>
        <location line="+133" />
        <source>The quote is already in that status.</source>
        <translation>报价单已处于该状态。</translation>
    </message>
    <message>
        <location line="-132" />
        <source>Only a quote that was sent to the customer can be revised; copy it instead.</source>
        <translation>只有已发送给客户的报价单才能修订；请改用复制。</translation>
    </message>
    <message>
        <location line="-60" />
        <source>This customer is not assigned to you.</source>
        <translation>此客户未分配给您。</translation>
    </message>
    <message>
        <location line="+186" />
        <source>Choose the customer first.</source>
        <translation>请先选择客户。</translation>
    </message>
</context>
<context>
    <name>QuoteLinesModel</name>
    <message>
        <location filename="../quotes/lines_model.py" line="+48" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Product / description</source>
        <translation>产品 / 说明</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Disc. %</source>
        <translation>折扣 %</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax %</source>
        <translation>税率 %</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+90" />
        <source>Quantity × unit price − line discount, rounded to the cent; before the header discount and tax</source>
        <translation>数量 × 单价 − 行折扣，四舍五入至分；未扣整单折扣，不含税</translation>
    </message>
    <message>
        <location line="+62" />
        <source>A line without a catalogue product: its price is typed.</source>
        <translation>此行不是目录中的产品，单价为手工输入。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Price list: %1 from %2 %3</source>
        <translation>价格表：%2 %3 起 %1</translation>
    </message>
    <message>
        <location line="+6" />
        <source>List price: %1</source>
        <translation>目录价：%1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Typed by you; a new quantity keeps it. Clear the cell to use the price list.</source>
        <translation>手工输入的单价，修改数量时保持不变。清空此格即恢复价格表价格。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>A new quantity picks the volume break again.</source>
        <translation>修改数量时将重新匹配阶梯价格。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>“%1” is not a number.</source>
        <translation>“%1”不是数字。</translation>
    </message>
</context>
<context>
    <name>QuoteStatus</name>
    <message>
        <location filename="../labels.py" line="-53" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pending approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accepted</source>
        <translation>已成交</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>QuotesPage</name>
    <message>
        <location filename="../quotes/page.py" line="-68" />
        <source>Quotes</source>
        <translation>报价单</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Waiting for my approval</source>
        <translation>待我审批</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All quotes</source>
        <translation>全部报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Open quotes</source>
        <translation>进行中的报价单</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Which quotes to list</source>
        <translation>选择要列出的报价单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Search number or customer</source>
        <translation>搜索单号或客户</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Catalogue</source>
        <translation>产品目录</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Products and price lists (F4)</source>
        <translation>产品与价格表 (F4)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>New quote</source>
        <translation>新建报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Start a quote (%1)</source>
        <translation>新建报价单 (%1)</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Waiting for your approval: %1</source>
        <translation>待您审批：%1 张</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Nothing waiting for your approval</source>
        <translation>没有待您审批的报价单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Quotes your team submits with a discount above their limit appear here after a sync.</source>
        <translation>团队提交的、折扣超出权限的报价单，同步后会显示在这里。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No quote matches</source>
        <translation>没有符合条件的报价单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Choose “All quotes” or change the search.</source>
        <translation>请选择“全部报价单”或修改搜索条件。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>No quotes yet</source>
        <translation>暂无报价单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Press %1 to write one; quotes of your customers also arrive with a sync.</source>
        <translation>按 %1 新建报价单；您客户的报价单也会随同步到达。</translation>
    </message>
    <message>
        <location line="+81" />
        <source>New &amp;quote…</source>
        <translation>新建报价单(&amp;Q)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Write a quote (%1)</source>
        <translation>新建报价单 (%1)</translation>
    </message>
</context>
<context>
    <name>ReceivableStatus</name>
    <message>
        <location filename="../labels.py" line="+49" />
        <source>Open</source>
        <translation>未收款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Partly paid</source>
        <translation>部分收款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Paid</source>
        <translation>已收清</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Written off</source>
        <translation>已核销</translation>
    </message>
</context>
<context>
    <name>RejectionDialog</name>
    <message>
        <location filename="../sync_issues.py" line="+338" />
        <source>Change not accepted</source>
        <translation>更改未被接受</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Edit and retry</source>
        <translation>修改后重试</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Send your values again, as edited here</source>
        <translation>按此处修改后的值重新发送</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+129" />
        <source>Discard my change</source>
        <translation>放弃我的更改</translation>
    </message>
    <message>
        <location line="-127" />
        <source>Keep the server's version and drop your change</source>
        <translation>保留服务器上的版本，放弃您的更改</translation>
    </message>
    <message>
        <location line="+21" />
        <source>This issue was already settled.</source>
        <translation>此问题已经处理。</translation>
    </message>
    <message>
        <location line="+14" />
        <source>You deleted this record. "Edit and retry" sends the deletion again; "Discard my change" keeps the record.</source>
        <translation>您删除了这条记录。“修改后重试”会再次发送删除；“放弃我的更改”会保留这条记录。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>You created this record; the server has not accepted it. Correct the values and send it again, or discard it.</source>
        <translation>这条记录是您新建的，服务器没有接受。请修正后重新发送，或放弃它。</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+9" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="-9" />
        <location line="+9" />
        <source>Your value</source>
        <translation>您的值</translation>
    </message>
    <message>
        <location line="-5" />
        <source>Your values are kept below, next to what the server has now. Edit them and send them again (untick a field to leave it out), or discard your change.</source>
        <translation>您的值保留在下方，旁边是服务器当前的值。您可以修改后重新发送（取消勾选可不发送该字段），或放弃您的更改。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>On the server now</source>
        <translation>服务器当前值</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+13" />
        <source>(not on this computer)</source>
        <translation>（本机上已没有）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Send this field</source>
        <translation>发送此字段</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Tick at least one field to send, or discard your change.</source>
        <translation>请至少勾选一个要发送的字段，或放弃您的更改。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Discard your change?</source>
        <translation>放弃您的更改？</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The server's version stays and your values are removed from this computer. This cannot be undone.</source>
        <translation>将保留服务器上的版本，您的值会从本机删除，且无法撤销。</translation>
    </message>
</context>
<context>
    <name>Remedy</name>
    <message>
        <location filename="../labels.py" line="-21" />
        <source>Replacement</source>
        <translation>换货</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Compensation</source>
        <translation>赔偿</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Apology</source>
        <translation>道歉</translation>
    </message>
</context>
<context>
    <name>RepWorkspace</name>
    <message>
        <location filename="../visits/workspace.py" line="+53" />
        <source>Check &amp;in</source>
        <translation>签到(&amp;I)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Check in at the selected customer now</source>
        <translation>现在在选中的客户处签到</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Check &amp;out</source>
        <translation>签退(&amp;O)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Check out and submit the visit log</source>
        <translation>签退并提交拜访记录</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Plan a visit…</source>
        <translation>计划拜访(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Plan a visit to the selected customer, or find one</source>
        <translation>为选中的客户安排拜访，或查找客户</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;New customer…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Create a prospect on this laptop</source>
        <translation>在本机新建潜在客户</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Today's route and due customers</source>
        <translation>今日路线和应拜访客户</translation>
    </message>
    <message>
        <location line="+3" />
        <source>V&amp;isits</source>
        <translation>拜访(&amp;I)</translation>
    </message>
    <message>
        <location line="+95" />
        <source>You are still checked in at %1: check out there first (F9).</source>
        <translation>您仍在 %1 处签到中：请先在那里签退 (F9)。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Select a customer first: search with Ctrl+F, or pick one in Today's route.</source>
        <translation>请先选择客户：用 Ctrl+F 搜索，或在今日路线中选择。</translation>
    </message>
    <message>
        <location line="+22" />
        <source>You are not checked in anywhere. Check in at a customer with F8.</source>
        <translation>您目前没有签到。在客户处按 F8 签到。</translation>
    </message>
    <message>
        <location line="+46" />
        <source>Log submitted. Next visit planned for %1.</source>
        <translation>拜访记录已提交。下次拜访已安排在 %1。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Log submitted.</source>
        <translation>拜访记录已提交。</translation>
    </message>
</context>
<context>
    <name>Replica</name>
    <message>
        <location filename="../../desktop/app.py" line="-399" />
        <source>This computer no longer has the key that unlocks your local copy of the company's data (for example after a system reset or on a new user account), so nothing in it can be read. The old copy was kept as %1. Sign in to download your data again; support can recover changes that were not sent yet if the key turns up.</source>
        <translation>这台电脑已找不到解锁本机公司数据副本的密钥（例如系统重置后或换了新的用户账户），因此其中的内容无法读取。旧副本已保留为 %1。请重新登录以再次下载数据；如果密钥日后找回，技术支持可以恢复尚未发送的修改。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Your local copy of the company's data cannot be read: the file is damaged or does not belong to this computer. It was kept as %1. Sign in to download your data again.</source>
        <translation>无法读取本机的公司数据副本：文件已损坏或不属于这台电脑。该文件已保留为 %1。请重新登录以再次下载数据。</translation>
    </message>
</context>
<context>
    <name>ReportTable</name>
    <message>
        <location filename="../report_table.py" line="+56" />
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../complaints/report.py" line="+108" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last quarter</source>
        <translation>上季度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The period the report covers</source>
        <translation>报表的统计期间</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Save the report as an Excel workbook (Ctrl+E)</source>
        <translation>把报表保存为 Excel 工作簿（Ctrl+E）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save the report as a CSV file (Ctrl+Shift+E)</source>
        <translation>把报表保存为 CSV 文件（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <location line="+6" />
        <location line="+37" />
        <location line="+108" />
        <source>Received</source>
        <translation>受理数</translation>
    </message>
    <message>
        <location line="-144" />
        <source>Open at the end</source>
        <translation>期末未结</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+37" />
        <location line="+108" />
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="-144" />
        <source>Average handling time</source>
        <translation>平均处理时长</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+37" />
        <location line="+108" />
        <source>SLA breach rate</source>
        <translation>超时率</translation>
    </message>
    <message>
        <location line="-144" />
        <source>Average satisfaction (1–5)</source>
        <translation>平均满意度（1–5）</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+153" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-152" />
        <location line="+161" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="-149" />
        <location line="+139" />
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <location line="-137" />
        <location line="+146" />
        <source>By owner</source>
        <translation>按负责人</translation>
    </message>
    <message>
        <location line="-136" />
        <location line="+108" />
        <source>Open</source>
        <translation>未结</translation>
    </message>
    <message>
        <location line="-106" />
        <source>Avg. handling time</source>
        <translation>平均处理时长</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+108" />
        <source>Avg. satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <location line="-96" />
        <location line="+100" />
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location line="-98" />
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+15" />
        <source>The report could not be computed: %1</source>
        <translation>无法计算报表：%1</translation>
    </message>
    <message>
        <location line="+26" />
        <source>No complaints in this period.</source>
        <translation>该期间内没有投诉。</translation>
    </message>
    <message>
        <location line="+51" />
        <source>Avg. handling time (h)</source>
        <translation>平均处理时长（小时）</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Complaints</source>
        <translation>客户投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Export the complaint report</source>
        <translation>导出投诉报表</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Could not save the file: %1</source>
        <translation>无法保存文件：%1</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../review/texts.py" line="+22" />
        <source>Too short</source>
        <translation>时长过短</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No notes</source>
        <translation>无备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Far away</source>
        <translation>位置偏远</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Late log</source>
        <translation>补录过晚</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Short visit: %1 min on site (less than %2 min)</source>
        <translation>拜访过短：在现场仅 %1 分钟（少于 %2 分钟）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Checked in %1 km from the customer's address (more than %2 km)</source>
        <translation>签到位置距客户地址 %1 公里（超过 %2 公里）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Logged late: reached the server %1 h after the visit (more than %2 h)</source>
        <translation>补录过晚：拜访结束 %1 小时后才上传到服务器（超过 %2 小时）</translation>
    </message>
    <message>
        <location line="-8" />
        <source>No notes: nothing was written about the visit</source>
        <translation>无备注：没有填写任何拜访情况</translation>
    </message>
    <message>
        <location filename="../errors.py" line="+15" />
        <source>Only the rep's supervisor can approve or return this log (not your own visits).</source>
        <translation>只有业务员的主管可以审批或退回这条记录（不能审核自己的拜访）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>This log is no longer waiting for review.</source>
        <translation>这条记录已不在待审核状态。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A comment is required to return it.</source>
        <translation>退回时必须填写意见。</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+1" />
        <source>This quote is no longer waiting for approval.</source>
        <translation>这张报价单已不在待审批状态。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../review/page.py" line="-65" />
        <source>Visit review</source>
        <translation>拜访稽查</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A approve · Shift+A approve with a comment · R return with a comment</source>
        <translation>A 通过 · Shift+A 附意见通过 · R 附意见退回</translation>
    </message>
    <message>
        <location line="+87" />
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Returned to the rep</source>
        <translation>已退回业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Which logs to list</source>
        <translation>显示哪些记录</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only this rep's logs</source>
        <translation>只看该业务员的记录</translation>
    </message>
    <message>
        <location line="+4" />
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visits on or after this day</source>
        <translation>当天及之后的拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visits on or before this day</source>
        <translation>当天及之前的拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Customer name or code</source>
        <translation>客户名称或编号</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Filter by customer (Ctrl+Shift+F); Enter or Down goes to the list</source>
        <translation>按客户筛选 (Ctrl+Shift+F)；按回车或↓键进入列表</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Any outcome</source>
        <translation>全部拜访结果</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only logs with this outcome</source>
        <translation>只看该拜访结果的记录</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Exceptions only</source>
        <translation>只看异常</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only logs that stand out: short, without notes, far from the customer, logged late, or with a doubtful photo</source>
        <translation>只看异常记录：时长过短、无备注、距客户过远、补录过晚或照片可疑</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Clear</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Show every log again</source>
        <translation>重新显示全部记录</translation>
    </message>
    <message>
        <location line="+48" />
        <location line="+25" />
        <location line="+214" />
        <location line="+145" />
        <location line="+13" />
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="-395" />
        <source>Approve the selected visit logs</source>
        <translation>通过所选拜访记录</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Approve with comment…</source>
        <translation>附意见通过…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Approve with a comment for the rep</source>
        <translation>通过并给业务员留言</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+16" />
        <location line="+212" />
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location line="-226" />
        <source>Return to the rep with a comment saying what to fix</source>
        <translation>退回业务员，并说明需要修改的地方</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Keys: ↑/↓ move · A approve · Shift+A approve with comment · R return · Shift/Ctrl+↑↓ select several</source>
        <translation>快捷键：↑/↓ 移动 · A 通过 · Shift+A 附意见通过 · R 退回 · Shift/Ctrl+↑↓ 多选</translation>
    </message>
    <message>
        <location line="+73" />
        <source>All reps</source>
        <translation>全部业务员</translation>
    </message>
    <message numerus="yes">
        <location line="+35" />
        <source>%n visit log(s) waiting for your review</source>
        <translation>
            <numerusform>%n 条拜访记录等待您审核</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n visit log(s)</source>
        <translation>
            <numerusform>共 %n 条拜访记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+45" />
        <source>%n with exceptions</source>
        <translation>
            <numerusform>其中 %n 条有异常</numerusform>
        </translation>
    </message>
    <message>
        <location line="-40" />
        <source>No visit log matches these filters</source>
        <translation>没有符合筛选条件的拜访记录</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Change the filters or press Clear to see every log.</source>
        <translation>请修改筛选条件，或点击“清除筛选”查看全部记录。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Nothing to review</source>
        <translation>暂无待审核的记录</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit logs your team submits appear here for approval after a sync.</source>
        <translation>同步后，团队提交的拜访记录会显示在这里，等待您审批。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>No visit logs here</source>
        <translation>这里没有拜访记录</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Logs appear here once they are reviewed.</source>
        <translation>记录审核后会显示在这里。</translation>
    </message>
    <message>
        <location line="+36" />
        <source>counting exceptions…</source>
        <translation>正在统计异常…</translation>
    </message>
    <message numerus="yes">
        <location line="+37" />
        <source>Approve %n</source>
        <translation>
            <numerusform>通过 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Return %n…</source>
        <translation>
            <numerusform>退回 %n 条…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8" />
        <source>Select a visit log to see it here.</source>
        <translation>选择一条拜访记录，在这里查看详情。</translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n visit logs selected</source>
        <translation>
            <numerusform>已选择 %n 条拜访记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n of them with exceptions</source>
        <translation>
            <numerusform>其中 %n 条有异常</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4" />
        <source>A approves them all; R returns them all with one comment.</source>
        <translation>按 A 全部通过；按 R 以同一条意见全部退回。</translation>
    </message>
    <message>
        <location line="+20" />
        <location line="+44" />
        <source>Location</source>
        <translation>定位</translation>
    </message>
    <message>
        <location line="-42" />
        <source>±%1 m</source>
        <translation>±%1 米</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1 km from the customer</source>
        <translation>距客户 %1 公里</translation>
    </message>
    <message>
        <location line="+2" />
        <source>customer has no coordinates</source>
        <translation>客户没有坐标</translation>
    </message>
    <message>
        <location line="+3" />
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location line="+20" />
        <source>No exceptions</source>
        <translation>无异常</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Rep's reason: %1</source>
        <translation>业务员说明：%1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Contact met</source>
        <translation>拜访对象</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Checked in</source>
        <translation>签到时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Checked out</source>
        <translation>签退时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Duration</source>
        <translation>拜访时长</translation>
    </message>
    <message numerus="yes">
        <location line="+0" />
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reached server</source>
        <translation>上传时间</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>拜访结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Order amount</source>
        <translation>订单金额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cash collected</source>
        <translation>现场收款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit cost</source>
        <translation>拜访费用</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next visit</source>
        <translation>下次拜访</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Competitors</source>
        <translation>竞争对手</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Review comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Stock below 1.5× the usual sales: restock</source>
        <translation>库存低于正常销量的 1.5 倍：需补货</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Stock counted: enough on hand</source>
        <translation>已盘点库存：库存充足</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Stock not counted</source>
        <translation>未盘点库存</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Seven steps: %1 of %2 done</source>
        <translation>拜访七步骤：完成 %1/%2</translation>
    </message>
    <message numerus="yes">
        <location line="+15" />
        <source>Approve %n visit log(s)</source>
        <translation>
            <numerusform>通过 %n 条拜访记录</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1" />
        <source>The comment is shown to the rep with the approved log. It is optional.</source>
        <translation>意见会随审核结果显示给业务员，可不填。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Approve visit logs</source>
        <translation>通过拜访记录</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Approve %n visit logs?</source>
        <translation>
            <numerusform>确定通过这 %n 条拜访记录吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18" />
        <source>Return %n visit log(s)</source>
        <translation>
            <numerusform>退回 %n 条拜访记录</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>The log goes back to the rep, who corrects it and submits it again. Say what needs fixing.</source>
        <translation>记录将退回给业务员，修改后重新提交。请说明需要修改的地方。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location line="+2" />
        <source>e.g. Please add what the customer said about the new price list.</source>
        <translation>例如：请补充客户对新价格表的反馈。</translation>
    </message>
    <message numerus="yes">
        <location line="+56" />
        <source>%n visit log(s) approved.</source>
        <translation>
            <numerusform>已通过 %n 条拜访记录。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n visit log(s) returned to the rep.</source>
        <translation>
            <numerusform>已将 %n 条拜访记录退回业务员。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>The reps see it after the next sync.</source>
        <translation>业务员将在下次同步后看到。</translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>%n could not be changed:</source>
        <translation>
            <numerusform>%n 条无法处理：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../labels.py" line="-127" />
        <source>Sales rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Supervisor</source>
        <translation>区域主管</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SalesStage</name>
    <message>
        <location line="+26" />
        <source>New</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Target</source>
        <translation>目标客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Potential</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Intent</source>
        <translation>意向客户</translation>
    </message>
</context>
<context>
    <name>Screenshots</name>
    <message>
        <location filename="../../desktop/screenshots.py" line="+263" />
        <source>Please add what the buyer said about the new prices.</source>
        <translation>请补充采购对新价格的反馈。</translation>
    </message>
    <message>
        <location filename="../complaints/screens.py" line="+45" />
        <source>The last two deliveries arrived three days late; the shop ran out of stock over the weekend. The customer expects a fixed delivery day.</source>
        <translation>最近两批货都晚到了三天，门店周末断货。客户希望固定送货日期。</translation>
    </message>
    <message>
        <location filename="../visits/screens.py" line="+96" />
        <source>A competitor offers 5% off for orders above 10,000.</source>
        <translation>竞争对手对一万元以上的订单打九五折。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Send the quote for the spring promotion.</source>
        <translation>发送春季促销报价单。</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../admin/settings.py" line="+96" />
        <source>These values apply on every laptop, offline too, from its next sync. Each section is saved on its own.</source>
        <extracomment>Offered first in the time-zone list (any IANA name can be typed).</extracomment>
        <translation>这些设置在每台笔记本下次同步后生效（离线时同样适用）。每一部分单独保存。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+38" />
        <source>Restore defaults…</source>
        <translation>恢复默认值…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Go back to the built-in values for this section</source>
        <translation>将本部分恢复为系统内置的默认值</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First response within (hours)</source>
        <translation>首次响应时限（小时）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolution within (hours)</source>
        <translation>解决时限（小时）</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Multiplies both durations for these customers: 0.5 halves them, 1 keeps them</source>
        <translation>该类客户的两项时限均乘以此系数：0.5 即减半，1 即不变</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Factor per customer tier</source>
        <translation>按客户价值等级的系数</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Complaint SLA</source>
        <translation>投诉服务时限（SLA）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save SLA</source>
        <translation>保存 SLA</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+92" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="-88" />
        <source> km</source>
        <translation> 公里</translation>
    </message>
    <message>
        <location line="+3" />
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Judge only in-person visits as too short (not phone or video)</source>
        <translation>仅对上门拜访判断“时间过短”（电话、视频拜访除外）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A visit is too short under</source>
        <translation>拜访时长少于此值即为过短</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Check-in is far from the customer beyond</source>
        <translation>签到位置距客户超过此距离即为过远</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A log is late when it reaches the server after</source>
        <translation>拜访结束后超过此时长才上传即为迟报</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Visit review exceptions</source>
        <translation>拜访稽查异常标准</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save thresholds</source>
        <translation>保存标准</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Company name (Chinese)</source>
        <translation>公司名称（中文）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Company name (English)</source>
        <translation>公司名称（英文）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address (Chinese)</source>
        <translation>地址（中文）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address (English)</source>
        <translation>地址（英文）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tax ID</source>
        <translation>纳税人识别号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Bank account (Chinese)</source>
        <translation>开户行及账号（中文）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Bank account (English)</source>
        <translation>开户行及账号（英文）</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Printed as the letterhead of quotes. Both names are required; empty lines are left off.</source>
        <translation>打印在报价单抬头。中英文名称均为必填；留空的项目不打印。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Company profile</source>
        <translation>公司信息</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save profile</source>
        <translation>保存公司信息</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Latest version</source>
        <translation>最新版本</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Minimum version</source>
        <translation>最低版本</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Download address</source>
        <translation>下载地址</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Apps older than the latest version say that an update is available. Apps older than the minimum cannot sync until they are updated; their work stays on the laptop and is sent after the update.</source>
        <translation>低于最新版本的应用会提示有可用更新。低于最低版本的应用在更新前无法同步；其数据保留在笔记本电脑上，更新后再发送。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>App updates</source>
        <translation>应用更新</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save versions</source>
        <translation>保存版本</translation>
    </message>
    <message>
        <location line="+9" />
        <location line="+8" />
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location line="-4" />
        <source>Business days (visits per day, KPIs) follow this zone. A laptop set to another zone shows its own times and names its zone beside them.</source>
        <translation>业务日（每日拜访、各项指标）按此时区计算。设为其他时区的笔记本电脑显示本机时间，并在时间旁注明其时区。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Save time zone</source>
        <translation>保存时区</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+4" />
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location line="-1" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Lock the app after this long without input</source>
        <translation>无操作多久后锁定应用</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Lock local data when a laptop has not synced for</source>
        <translation>笔记本多久未同步时锁定本机数据</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The password unlocks the app offline; sync keeps running while it is locked. Data locked by the lease unlocks at the laptop's next sync.</source>
        <translation>密码可离线解锁应用；锁定期间同步照常进行。因离线期限而锁定的数据会在笔记本下次同步后解锁。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Laptop security</source>
        <translation>笔记本安全</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save security</source>
        <translation>保存安全设置</translation>
    </message>
    <message>
        <location line="+9" />
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location line="+5" />
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Keep original photos (upload them as taken, not downscaled)</source>
        <translation>保留原始照片（按拍摄原样上传，不缩小）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Keep the location (GPS) of photos</source>
        <translation>保留照片的位置信息（GPS）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Longest side of a photo</source>
        <translation>照片最长边</translation>
    </message>
    <message>
        <location line="+1" />
        <source>JPEG quality</source>
        <translation>JPEG 质量</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Largest file</source>
        <translation>单个文件上限</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Laptops turn photos upright, downscale them and save them as JPEG at this quality before they are stored and uploaded, and remove the location unless it is kept. A file larger than the limit (after that) cannot be attached.</source>
        <translation>笔记本电脑在保存和上传照片之前，会将照片转正、缩小并按此质量保存为 JPEG，除非选择保留，否则会去除位置信息。处理后仍超过上限的文件无法附加。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Photos and files</source>
        <translation>照片和文件</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save photo settings</source>
        <translation>保存照片设置</translation>
    </message>
    <message>
        <location line="+44" />
        <source>The built-in defaults are in use.</source>
        <translation>当前使用系统内置的默认值。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Set by an administrator, last changed %1.</source>
        <translation>由管理员设置，最后修改于 %1。</translation>
    </message>
    <message>
        <location line="+56" />
        <source>The complaint SLA</source>
        <translation>投诉服务时限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The visit review thresholds</source>
        <translation>拜访稽查异常标准</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The company profile</source>
        <translation>公司信息</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The app versions</source>
        <translation>应用版本设置</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The time zone</source>
        <translation>时区设置</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The laptop security rules</source>
        <translation>笔记本安全规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The photo and file settings</source>
        <translation>照片和文件设置</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Enter the company's name in Chinese and in English.</source>
        <translation>请填写公司的中文和英文名称。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 is saved. Laptops use it from their next sync.</source>
        <translation>%1已保存，各笔记本下次同步后生效。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Replace %1 with the built-in defaults on every laptop?</source>
        <translation>要将所有笔记本上的%1恢复为系统内置的默认值吗？</translation>
    </message>
    <message>
        <location line="+6" />
        <source>%1 is back to the defaults. Laptops use them from their next sync.</source>
        <translation>%1已恢复默认值，各笔记本下次同步后生效。</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <location filename="../labels.py" line="+78" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
</context>
<context>
    <name>ShortVisitDialog</name>
    <message>
        <location filename="../visits/form.py" line="+569" />
        <source>Short visit</source>
        <translation>拜访时间过短</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>This visit took %n minute(s).</source>
        <translation>
            <numerusform>本次拜访用时 %n 分钟。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>Your organisation counts visits under %n minute(s) as too short; your supervisor sees this log in the review queue. Say why it was short, or go back and check out later.</source>
        <translation>
            <numerusform>公司规定短于 %n 分钟的拜访视为过短，主管会在稽查队列中看到这条记录。请说明原因，或返回稍后再签退。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9" />
        <source>e.g. the buyer was out; left the samples at reception</source>
        <translation>例如：采购不在，样品已留在前台</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Back to the log</source>
        <translation>返回拜访记录</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Check out anyway</source>
        <translation>仍然签退</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Check out now; the reason goes with the log to your supervisor</source>
        <translation>现在签退；原因随拜访记录一起提交给主管</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../shortcuts_help.py" line="+74" />
        <location line="+2" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+2" />
        <source>What the keys do in this window. Shortcuts wait while an input method is composing.</source>
        <translation>本窗口中各按键的作用。输入法正在输入时，快捷键不会触发。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>Stance</name>
    <message>
        <location filename="../labels.py" line="-65" />
        <source>Supporter</source>
        <translation>支持</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Neutral</source>
        <translation>中立</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Opponent</source>
        <translation>反对</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../desktop/app.py" line="+157" />
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../status_bar.py" line="+128" />
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n 项更改</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n file(s) waiting</source>
        <translation>
            <numerusform>%n 个文件待上传</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>All changes sent, %n file(s) waiting</source>
        <translation>
            <numerusform>更改已全部发送，%n 个文件待上传</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>Changes to send: %1</source>
        <translation>待上传更改：%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>All changes sent</source>
        <translation>更改已全部上传</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Changes made on this computer that the server has not received yet. They are sent with the next sync; Ctrl+Shift+I lists them.</source>
        <translation>本机上服务器尚未收到的更改，将在下次同步时发送；按 Ctrl+Shift+I 查看列表。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Attached photos and files are uploaded after their record; the sync centre shows each one's state.</source>
        <translation>附加的照片和文件会在其记录之后上传；同步中心显示每个文件的状态。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Sync issues: %1</source>
        <translation>同步问题：%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Changes the server did not accept as they were. Click to review them (Ctrl+Shift+I).</source>
        <translation>服务器未按原样接受的更改。点击查看并处理 (Ctrl+Shift+I)。</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Not connected yet</source>
        <translation>尚未连接</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Server reachable</source>
        <translation>服务器已连接</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Offline — working with local data</source>
        <translation>离线——正在使用本地数据</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Your changes are kept on this computer and sent when the server can be reached.</source>
        <translation>您的更改保存在本机，连接到服务器后即发送。</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Local copy last checked against the server: %1</source>
        <translation>本地数据上次与服务器核对：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+8" />
        <source>On %1 part of the local copy was out of step with the server; %n record(s) of that part were downloaded again.</source>
        <translation>
            <numerusform>%1 发现部分本地数据与服务器不一致，已重新下载该部分的 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Syncing… %1 rows received</source>
        <translation>正在同步…已接收 %1 条</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Uploading files… %1 %</source>
        <translation>正在上传文件… %1 %</translation>
    </message>
</context>
<context>
    <name>SyncIssues</name>
    <message>
        <location filename="../errors.py" line="-217" />
        <source>This status change is not possible from the record's current status on the server.</source>
        <translation>按服务器上这条记录的当前状态，无法进行这个状态变更。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Log in and sync once before making changes.</source>
        <translation>请先登录并同步一次，再进行修改。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Only a supervisor or administrator can change one of these fields.</source>
        <translation>其中有字段只能由主管或管理员修改。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A record can only be made or approved in your own name.</source>
        <translation>只能以您本人的名义创建或审批记录。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Classifications, the credit limit and the payment terms are set by the server's classification. To fix one by hand, set an override with a reason (Administration → Classification).</source>
        <translation>客户分级、信用额度和付款期限由服务器的分级计算设定。如需人工指定，请填写理由设置覆盖值（系统管理 → 客户分级）。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Only an administrator can change this.</source>
        <translation>只有管理员可以修改此内容。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>You are not allowed to make this change.</source>
        <translation>您无权进行此更改。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The server already has a record with this number or code, or a record this one refers to is missing.</source>
        <translation>服务器上已有相同编号或代码的记录，或者此记录引用的记录不存在。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>A record with this id already exists on the server.</source>
        <translation>服务器上已存在相同 ID 的记录。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A required field is empty.</source>
        <translation>有必填字段为空。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A comment is required for this change.</source>
        <translation>此更改需要填写说明。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This issue was already settled.</source>
        <translation>此问题已经处理。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The server's value changed again meanwhile. Check the new value and choose again.</source>
        <translation>在此期间服务器上的值又有变化。请查看新值后重新选择。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>This change reused the id of a different change and was not applied.</source>
        <translation>此更改重复使用了其他更改的 ID，未被应用。</translation>
    </message>
    <message>
        <location line="-33" />
        <source>This record is no longer on this computer (it was deleted on the server or is no longer assigned to you).</source>
        <translation>本机上已没有这条记录（可能已在服务器上删除，或已不再分配给您）。</translation>
    </message>
    <message>
        <location filename="../sync_issues.py" line="-628" />
        <source>Someone else changed %1 at the same time. Choose which value to keep.</source>
        <translation>其他人同时修改了%1。请选择要保留的值。</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+78" />
        <source>Needs your decision</source>
        <translation>需要您决定</translation>
    </message>
    <message>
        <location line="-77" />
        <location line="+78" />
        <source>Not accepted</source>
        <translation>未被接受</translation>
    </message>
    <message>
        <location line="-72" />
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+22" />
        <source>On the server it is “%1” now, so it cannot become “%2”.</source>
        <translation>服务器上它现在是“%1”，因此不能改为“%2”。</translation>
    </message>
</context>
<context>
    <name>SyncIssuesDialog</name>
    <message>
        <location line="+158" />
        <source>No sync issues</source>
        <translation>没有同步问题</translation>
    </message>
    <message>
        <location line="-8" />
        <location line="+3" />
        <source>Sync centre</source>
        <translation>同步中心</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The server has refused none of your changes.</source>
        <translation>服务器没有拒绝您的任何更改。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Nothing waiting to be sent</source>
        <translation>没有待发送的更改</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Changes you make on this computer are listed here until the server has them.</source>
        <translation>您在本机所做的更改会列在这里，直到服务器收到为止。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>No files to upload</source>
        <translation>没有待上传的文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Photos and files you attach are listed here until the server has them.</source>
        <translation>你添加的照片和文件会列在这里，直到服务器收到为止。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Review the selected issue (Enter)</source>
        <translation>查看所选问题 (Enter)</translation>
    </message>
    <message>
        <location line="+66" />
        <source>Waiting to be sent (%1)</source>
        <translation>待发送（%1）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Issues (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Files (%1)</source>
        <translation>文件 (%1)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>These changes were not applied as they were. Nothing is lost: your values are kept here until you decide.</source>
        <translation>这些更改未按原样应用。数据不会丢失：您的数值保留在这里，直到您做出决定。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Files are uploaded with each sync once the server has their record; an interrupted upload continues where it stopped. A file that failed is tried again at a later sync, and stays on this computer until the server has it.</source>
        <translation>服务器收到文件所属的记录后，文件会在每次同步时上传；中断的上传会从中断处继续。上传失败的文件会在之后的同步中重试，并一直保留在本机上，直到服务器收到为止。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Changes are sent in this order with the next sync; they stay on this computer until the server has them.</source>
        <translation>更改将在下次同步时按此顺序发送；在服务器收到之前，它们保存在本机。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Offline: you are working with the data on this computer.</source>
        <translation>离线：您正在使用本机上的数据工作。</translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n change(s) wait here and are sent when the server can be reached.</source>
        <translation>
            <numerusform>%n 项更改在此等待，连接到服务器后即发送。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3" />
        <source>The last sync failed: %1</source>
        <translation>上次同步失败：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n change(s) waiting to be sent with the next sync.</source>
        <translation>
            <numerusform>%n 项更改等待下次同步时发送。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>Everything is sent: the server has all your changes.</source>
        <translation>全部已发送：服务器已收到您的所有更改。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Nothing is waiting to be sent.</source>
        <translation>没有待发送的更改。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not connected to the server yet.</source>
        <translation>尚未连接服务器。</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n change(s) need your decision.</source>
        <translation>
            <numerusform>%n 项更改需要您处理。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <location filename="../customer_file/words.py" line="-42" />
        <source>Sync issue</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not sent yet</source>
        <translation>尚未上传</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
</context>
<context>
    <name>TargetsTab</name>
    <message>
        <location filename="../admin/catalog.py" line="+169" />
        <source>Save targets</source>
        <translation>保存目标</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+34" />
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location line="-30" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Amounts in yuan per rep and month; an empty cell means no target. Targets feed the KPI “Target achieved”.</source>
        <translation>按业务员和月份填写金额（元）；留空表示没有目标。销售目标用于计算指标“销售目标达成率”。</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Rep</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+66" />
        <source>%1 for %2 is not an amount.</source>
        <translation>%2 的“%1”不是金额。</translation>
    </message>
    <message numerus="yes">
        <location line="+19" />
        <source>%n unsaved change(s)</source>
        <translation>
            <numerusform>%n 处修改未保存</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15" />
        <source>Saved %n target(s); reps see them after their next sync.</source>
        <translation>
            <numerusform>已保存 %n 个目标，业务员下次同步后可见。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TerritoryEditor</name>
    <message>
        <location filename="../admin/territories.py" line="+77" />
        <location line="+803" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="-803" />
        <location line="+123" />
        <location line="+679" />
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="-802" />
        <location line="+809" />
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location line="-809" />
        <location line="+812" />
        <source>Assigned to</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="-797" />
        <source>New region…</source>
        <translation>新建大区…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>New territory…</source>
        <translation>新建片区…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>New grid cell…</source>
        <translation>新建网格…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Move…</source>
        <translation>移动…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Place the node under another region or territory</source>
        <translation>将其移到另一个大区或片区下</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Delete the node (only when it is empty)</source>
        <translation>删除（仅限空的区域）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Rep / supervisor</source>
        <translation>业务员 / 主管</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+45" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="-42" />
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+40" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-33" />
        <source>Export the tree…</source>
        <translation>导出区域树…</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Laptops: who has received the latest changes</source>
        <translation>笔记本电脑：谁已收到最新更改</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Assigned</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Assign…</source>
        <translation>分配…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Assign this node to a rep (or a region to a supervisor)</source>
        <translation>分配给业务员（大区则分配给主管）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Move to another rep…</source>
        <translation>转给其他业务员…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Move the territory and its customers from one rep to another</source>
        <translation>将片区及其客户从一位业务员转给另一位</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+603" />
        <source>Unassign</source>
        <translation>取消分配</translation>
    </message>
    <message>
        <location line="-600" />
        <source>Search customers by name, code or phone (Ctrl+Shift+F)</source>
        <translation>按名称、编号或电话搜索客户（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Territory</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Owner</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tier</source>
        <translation>价值分级</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Move to territory…</source>
        <translation>移到其他片区…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Move the selected customers, with their history, to another territory</source>
        <translation>将选中的客户连同历史记录移到其他片区</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Assign to rep…</source>
        <translation>分配给业务员…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Also give the selected customers to a rep (e.g. key accounts)</source>
        <translation>另外把选中的客户分配给某位业务员（例如重点客户）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Export the customer list to Excel or CSV</source>
        <translation>将客户列表导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Customer list</source>
        <translation>客户列表</translation>
    </message>
    <message>
        <location line="+156" />
        <source>%1 (from %2)</source>
        <translation>%1（来自 %2）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>(nobody)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>not yet synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Not yet synced: %1</source>
        <translation>尚未同步：%1</translation>
    </message>
    <message>
        <location line="+42" />
        <source>No territories yet</source>
        <translation>还没有销售区域</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Create a region first, then its territories.</source>
        <translation>请先新建大区，再新建其下的片区。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>in %1</source>
        <translation>属于%1</translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <location line="+53" />
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>the first %1 of %2</source>
        <translation>共 %2 位，显示前 %1 位</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Not yet synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Up to date</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location line="+43" />
        <source>No laptop needs to change what it holds.</source>
        <translation>没有笔记本电脑需要变更所持数据。</translation>
    </message>
    <message>
        <location line="+15" />
        <source>The change is saved on the server. Not yet synced: %1 — their laptops get it at their next sync.</source>
        <translation>更改已保存到服务器。尚未同步：%1——他们的笔记本电脑会在下次同步时收到。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Every affected laptop has received the change (%1).</source>
        <translation>所有受影响的笔记本电脑均已收到此更改（%1）。</translation>
    </message>
    <message>
        <location line="+34" />
        <source>Created %1.</source>
        <translation>已创建 %1。</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Move %1</source>
        <translation>移动 %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Everyone who covers the new place gets its customers at their next sync; those who covered only the old place lose them.</source>
        <translation>负责新位置的人员会在下次同步时收到其客户；只负责原位置的人员将不再持有这些客户。</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+193" />
        <source>Under</source>
        <translation>上级</translation>
    </message>
    <message>
        <location line="-180" />
        <source>Moved %1.</source>
        <translation>已移动 %1。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delete %1? Only an empty node can be deleted.</source>
        <translation>确定删除 %1 吗？只能删除空的区域。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>The supervisor's laptop gets the region's customers at the next sync.</source>
        <translation>主管的笔记本电脑会在下次同步时收到该大区的客户。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The rep's laptop gets the customers, with their history, at the next sync.</source>
        <translation>业务员的笔记本电脑会在下次同步时收到这些客户及其历史记录。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Assign %1</source>
        <translation>分配 %1</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Assigned %1 to %2.</source>
        <translation>已将 %1 分配给 %2。</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Moved %1 from %2 to %3.</source>
        <translation>已将 %1 从 %2 转给 %3。</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Take %1 away from %2? Customers nobody else gives them leave their laptop at the next sync.</source>
        <translation>确定取消 %2 对 %1 的负责吗？不再由其负责的客户会在下次同步时从其笔记本电脑上移除。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Unassigned %1 from %2.</source>
        <translation>已取消 %2 对 %1 的负责。</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Select the customers to move first.</source>
        <translation>请先选择要移动的客户。</translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>Move %n customer(s)</source>
        <translation>
            <numerusform>移动 %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>The customers move with their whole history; the rep of the new territory becomes their owner.</source>
        <translation>客户连同全部历史记录一起移动；新片区的业务员成为其负责人。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>To</source>
        <translation>移到</translation>
    </message>
    <message numerus="yes">
        <location line="+12" />
        <source>Moved %n customer(s).</source>
        <translation>
            <numerusform>已移动 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6" />
        <source>Select the customers to assign first.</source>
        <translation>请先选择要分配的客户。</translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>Assign %n customer(s) to a rep</source>
        <translation>
            <numerusform>将 %n 位客户分配给业务员</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1" />
        <source>The rep gets these customers in addition to their territories.</source>
        <translation>除其负责的片区外，该业务员还将负责这些客户。</translation>
    </message>
    <message numerus="yes">
        <location line="+13" />
        <source>Assigned %n customer(s).</source>
        <translation>
            <numerusform>已分配 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../customer_file/view.py" line="-670" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Type</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Supervisor: %1</source>
        <translation>主管意见：%1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Quote</source>
        <translation>报价</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Payment</source>
        <translation>回款</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../pages/today.py" line="+112" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+110" />
        <source>Plan visit</source>
        <translation>计划拜访</translation>
    </message>
    <message>
        <location line="-108" />
        <source>Plan a visit to the selected customer, or find one (Ctrl+Shift+V)</source>
        <translation>为选中的客户安排拜访，或查找客户 (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Check in at the selected customer now (F8)</source>
        <translation>现在在选中的客户处签到 (F8)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Open the log</source>
        <translation>打开拜访记录</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Check out and submit the log (F9)</source>
        <translation>签退并提交拜访记录 (F9)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Correct and resubmit</source>
        <translation>修改后重新提交</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+38" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="-36" />
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+33" />
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="-29" />
        <location line="+39" />
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <location line="-33" />
        <source>Today's route</source>
        <translation>今日路线</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Move…</source>
        <translation>调整时间…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Plan the selected visit for another time</source>
        <translation>把选中的拜访改到其他时间</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cancel…</source>
        <translation>取消…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The selected visit will not take place</source>
        <translation>选中的拜访不再进行</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Last visit</source>
        <translation>上次拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Never</source>
        <translation>从未拜访</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Due</source>
        <translation>应拜访</translation>
    </message>
    <message>
        <location line="+11" />
        <location line="+117" />
        <source>Due and overdue</source>
        <translation>应拜访和逾期客户</translation>
    </message>
    <message>
        <location line="-115" />
        <source>Plan a visit to the selected customer (Ctrl+Shift+V)</source>
        <translation>为选中的客户安排拜访 (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <location line="+72" />
        <source>Missed %1</source>
        <translation>%1 未完成</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Nothing planned for today.
Plan visits from the customers due below, or from any customer file (Ctrl+Shift+V).</source>
        <translation>今天没有计划拜访。
可以从下面的应拜访客户或任意客户档案中安排拜访 (Ctrl+Shift+V)。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Due now</source>
        <translation>现在应拜访</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Working out which customers are due…</source>
        <translation>正在计算哪些客户应拜访…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No customer is due for a visit. Well done!</source>
        <translation>目前没有应拜访的客户。干得好！</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 due, %2 overdue</source>
        <translation>应拜访 %1 家，逾期 %2 家</translation>
    </message>
    <message>
        <location line="+4" />
        <source>showing the first %1</source>
        <translation>显示前 %1 家</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 planned today</source>
        <translation>今天计划 %1 次</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 due for a visit</source>
        <translation>应拜访 %1 家</translation>
    </message>
    <message>
        <location line="+14" />
        <source>&lt;b&gt;Visit in progress at %1.&lt;/b&gt; Fill in the log and check out when you leave.</source>
        <translation>&lt;b&gt;正在拜访 %1。&lt;/b&gt;离开时请填写拜访记录并签退。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&lt;b&gt;Checked in at %1&lt;/b&gt; since %2 (%3 min). Fill in the log and check out when you leave.</source>
        <translation>&lt;b&gt;已在 %1 签到&lt;/b&gt;，签到时间 %2（已 %3 分钟）。离开时填写拜访记录并签退。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&lt;b&gt;Your supervisor returned the log of %1&lt;/b&gt; (%2): %3</source>
        <translation>&lt;b&gt;主管退回了 %1 的拜访记录&lt;/b&gt;（%2）：%3</translation>
    </message>
    <message numerus="yes">
        <location line="+6" />
        <source>%n more returned log(s)</source>
        <translation>
            <numerusform>另有 %n 条退回的拜访记录</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="-188" />
        <source>Move %1 to another rep</source>
        <translation>将 %1 转给其他业务员</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Its customers, with their whole history, move to the new rep's laptop at the next sync and leave the old rep's laptop; the old rep's unsynced edits are kept.</source>
        <translation>下次同步时，其客户连同全部历史记录转到新业务员的笔记本电脑上，并从原业务员的电脑上移除；原业务员尚未同步的修改会保留。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>From</source>
        <translation>原业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>To</source>
        <translation>新业务员</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Choose both reps.</source>
        <translation>请选择两位业务员。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Choose a different rep to move the territory to.</source>
        <translation>请选择另一位业务员来接手该片区。</translation>
    </message>
</context>
<context>
    <name>UpdateBanner</name>
    <message>
        <location filename="../update_banner.py" line="+32" />
        <source>Get the update</source>
        <translation>获取更新</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Hide this until a newer version is announced</source>
        <translation>在发布更新的版本之前不再显示</translation>
    </message>
    <message>
        <location line="+22" />
        <source>This version of Fieldsales (%1) must be updated before it can sync again (version %2 or later is required). Your work on this computer is kept and will be sent after the update.</source>
        <translation>此版本的外勤销售（%1）必须更新后才能再次同步（需要 %2 或更高版本）。您在本机上的工作会保留，并在更新后发送。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Fieldsales %1 is available (you have %2).</source>
        <translation>外勤销售 %1 已发布（您当前的版本为 %2）。</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../admin/dialogs.py" line="+20" />
        <source>Edit user</source>
        <translation>编辑用户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A role change signs the user out everywhere; the next login brings the new role.</source>
        <translation>更改角色后，该用户在所有电脑上都会退出登录，下次登录时启用新角色。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The user logs in with this username and password.</source>
        <translation>用户使用此用户名和密码登录。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>e.g. zhang.wei</source>
        <translation>例如：zhang.wei</translation>
    </message>
    <message>
        <location line="+2" />
        <source>e.g. 张伟</source>
        <translation>例如：张伟</translation>
    </message>
    <message>
        <location line="+2" />
        <source>e.g. ZW</source>
        <translation>例如：ZW</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+29" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="-19" />
        <source>at least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rep code</source>
        <translation>业务员代码</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Home region</source>
        <translation>所属大区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+16" />
        <source>The username needs at least 2 characters.</source>
        <translation>用户名至少需要 2 个字符。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Give the user's name.</source>
        <translation>请填写用户姓名。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The password must have at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../admin/users.py" line="+32" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rep code</source>
        <translation>业务员代码</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Has not yet received the latest change of their territories</source>
        <translation>尚未收到其负责区域的最新更改</translation>
    </message>
    <message>
        <location line="+13" />
        <source>New user…</source>
        <translation>新建用户…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Change role, name, supervisor, region</source>
        <translation>修改角色、姓名、主管、大区</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The user's next sync wipes their laptop's copy</source>
        <translation>该用户下次同步时会清除其笔记本电脑上的数据</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message numerus="yes">
        <location line="+24" />
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n 个用户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0" />
        <source>%n active</source>
        <translation>
            <numerusform>%n 个正常</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29" />
        <source>Created %1. They can log in now.</source>
        <translation>已创建 %1，现在可以登录了。</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>They were signed out; the next login brings the new role.</source>
        <translation>该用户已被退出登录，下次登录时启用新角色。</translation>
    </message>
    <message>
        <location line="+14" />
        <source>New password set for %1.</source>
        <translation>已为 %1 设置新密码。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Deactivate %1</source>
        <translation>停用 %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 can no longer log in, and their laptop's copy of the company data is wiped at its next sync. Continue?</source>
        <translation>%1 将无法再登录，其笔记本电脑上的公司数据会在下次同步时被清除。要继续吗？</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Deactivated %1.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Activated %1.</source>
        <translation>已启用 %1。</translation>
    </message>
</context>
<context>
    <name>ValueTier</name>
    <message>
        <location filename="../labels.py" line="-34" />
        <source>VIP</source>
        <translation>VIP客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Major</source>
        <translation>主要客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ordinary</source>
        <translation>普通客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Small</source>
        <translation>小客户</translation>
    </message>
</context>
<context>
    <name>ViewerDialog</name>
    <message>
        <location filename="../attachments/viewer.py" line="-111" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location line="+11" />
        <source>‹ Previous</source>
        <translation>‹ 上一张</translation>
    </message>
    <message>
        <location line="+0" />
        <source>The previous photo (Left arrow)</source>
        <translation>上一张照片（左方向键）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Next ›</source>
        <translation>下一张 ›</translation>
    </message>
    <message>
        <location line="+0" />
        <source>The next photo (Right arrow)</source>
        <translation>下一张照片（右方向键）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Fit the photo to the window (Ctrl+0)</source>
        <translation>按窗口大小显示照片（Ctrl+0）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Show the photo at its actual size (Ctrl+1); Ctrl+wheel zooms</source>
        <translation>按实际大小显示照片（Ctrl+1）；Ctrl+滚轮可缩放</translation>
    </message>
    <message>
        <location line="+12" />
        <source>For the supervisor</source>
        <translation>供主管核查</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+58" />
        <source>%1 of %2</source>
        <translation>第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The photo does not say when it was taken.</source>
        <translation>照片未记录拍摄时间。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Added by %1 on %2</source>
        <translation>%1 于 %2 添加</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Location: %1, %2</source>
        <translation>位置：%1, %2</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+29" />
        <source>Not downloaded yet</source>
        <translation>尚未下载</translation>
    </message>
</context>
<context>
    <name>VisitChannel</name>
    <message>
        <location filename="../labels.py" line="+51" />
        <source>In person</source>
        <translation>面访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Video</source>
        <translation>视频</translation>
    </message>
</context>
<context>
    <name>VisitChecklist</name>
    <message>
        <location filename="../visits/rules.py" line="+24" />
        <source>Check displays and materials</source>
        <translation>检查陈列和宣传品</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Check that the displays work</source>
        <translation>检查陈列效果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Count the stock</source>
        <translation>盘点库存</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Handle complaints</source>
        <translation>处理投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Deliver or restock, recommend new products</source>
        <translation>送货补货，推荐新品</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Collect information: competitors, market, consumer feedback</source>
        <translation>收集信息：竞争对手、市场环境、消费者反馈</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Relationship communication</source>
        <translation>客情沟通</translation>
    </message>
</context>
<context>
    <name>VisitDue</name>
    <message>
        <location filename="../customer_file/words.py" line="+12" />
        <source>Planned %1</source>
        <translation>已计划 %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Never visited</source>
        <translation>从未拜访</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 d overdue</source>
        <translation>逾期 %1 天</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Due today</source>
        <translation>今天应拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Due %1</source>
        <translation>%1 应拜访</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../visits/form.py" line="-496" />
        <source>Visit log — %1</source>
        <translation>拜访记录 — %1</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Restored the draft you were writing.</source>
        <translation>已恢复您上次填写的草稿。</translation>
    </message>
    <message>
        <location line="+42" />
        <source>Your supervisor</source>
        <translation>您的主管</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&lt;b&gt;%1 returned this log&lt;/b&gt; on %2: %3</source>
        <translation>&lt;b&gt;%1 于 %2 退回了这份拜访记录&lt;/b&gt;：%3</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Correct it and press Resubmit (F9).</source>
        <translation>请修改后点击“重新提交”(F9)。</translation>
    </message>
    <message>
        <location line="+32" />
        <source>— nobody in particular —</source>
        <translation>— 未指定 —</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Contact met</source>
        <translation>接洽人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Outcome</source>
        <translation>拜访结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Order amount (¥)</source>
        <translation>订单金额 (¥)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cash collected (¥)</source>
        <translation>收回现金 (¥)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit cost (¥)</source>
        <translation>拜访费用 (¥)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Plan the next visit</source>
        <translation>安排下次拜访</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Next visit</source>
        <translation>下次拜访</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Plans the follow-up visit when you check out.</source>
        <translation>签退时自动安排下次拜访。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Competitors</source>
        <translation>竞争对手</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Stock is below 1.5× the usual sales: restock</source>
        <translation>库存低于平时销量的 1.5 倍：需补货</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Seven steps</source>
        <translation>拜访七步骤</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Cancel visit…</source>
        <translation>取消拜访…</translation>
    </message>
    <message>
        <location line="+0" />
        <source>The visit did not take place</source>
        <translation>这次拜访没有进行</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Close the form; what you typed is kept as a draft (Esc)</source>
        <translation>关闭表单，已填写的内容保存为草稿 (Esc)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Resubmit</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Send the corrected log to your supervisor (F9)</source>
        <translation>把修改后的拜访记录发给主管 (F9)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Record the check-out time and submit the log (F9)</source>
        <translation>记录签退时间并提交拜访记录 (F9)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Resubmit the corrected log</source>
        <translation>重新提交修改后的拜访记录</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Check out and submit the log</source>
        <translation>签退并提交拜访记录</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Visit log</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <location line="+56" />
        <source>Saving draft…</source>
        <translation>正在保存草稿…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Draft saved at %1</source>
        <translation>草稿已于 %1 保存</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Checked in at %1 · %2 min so far</source>
        <translation>%1 签到 · 已 %2 分钟</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Visited %1</source>
        <translation>拜访时间 %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Planned for %1</source>
        <translation>计划于 %1</translation>
    </message>
    <message>
        <location line="+31" />
        <source>±%1 m</source>
        <translation>±%1 米</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Finding your position… (you can check out meanwhile)</source>
        <translation>正在定位…（定位期间也可以签退）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>This laptop cannot tell its position; the log is complete without it.</source>
        <translation>本机无法定位；没有位置信息，拜访记录也是完整的。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No position found; the log is complete without it.</source>
        <translation>未能定位；没有位置信息，拜访记录也是完整的。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location line="+13" />
        <source>This log is %1: it can no longer be changed here.</source>
        <translation>此拜访记录为“%1”状态，不能在此修改。</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Check the marked fields. Your entries are kept as a draft.</source>
        <translation>请检查标出的字段。已填写的内容保存为草稿。</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Not saved. Your entries are kept as a draft.</source>
        <translation>未保存。已填写的内容保存为草稿。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Not checked out yet: this visit is shorter than usual.</source>
        <translation>尚未签退：本次拜访时间短于正常。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Cancel visit</source>
        <translation>取消拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cancel this visit? It will be recorded as not having taken place.</source>
        <translation>取消这次拜访？它将被记录为未进行。</translation>
    </message>
</context>
<context>
    <name>VisitGrade</name>
    <message>
        <location filename="../labels.py" line="-37" />
        <source>A</source>
        <translation>A级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>B</source>
        <translation>B级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>C</source>
        <translation>C级</translation>
    </message>
</context>
<context>
    <name>VisitOutcome</name>
    <message>
        <location line="+38" />
        <source>Order taken</source>
        <translation>已下单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quote requested</source>
        <translation>需报价</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Follow-up needed</source>
        <translation>需跟进</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No interest</source>
        <translation>无意向</translation>
    </message>
</context>
<context>
    <name>VisitPurpose</name>
    <message>
        <location line="-17" />
        <source>Routine visit</source>
        <translation>例行拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sales talk</source>
        <translation>销售洽谈</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Collection</source>
        <translation>回款</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delivery</source>
        <translation>送货</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaint handling</source>
        <translation>投诉处理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inspection</source>
        <translation>巡检</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Relationship care</source>
        <translation>客情维护</translation>
    </message>
</context>
<context>
    <name>VisitRules</name>
    <message>
        <location filename="../visits/rules.py" line="+38" />
        <source>The next visit must be after the day of this visit.</source>
        <translation>下次拜访日期必须晚于本次拜访日期。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>An order was taken: enter its amount.</source>
        <translation>已下订单：请填写订单金额。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Choose the purpose of the visit.</source>
        <translation>请选择拜访目的。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Choose how the visit took place.</source>
        <translation>请选择拜访方式。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Choose the outcome before checking out.</source>
        <translation>签退前请选择拜访结果。</translation>
    </message>
</context>
<context>
    <name>VisitStatus</name>
    <message>
        <location filename="../labels.py" line="-14" />
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location line="+1" />
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../pages/visits.py" line="+27" />
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location line="+9" />
        <source>No visit matches these filters</source>
        <translation>没有符合这些筛选条件的拜访</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n matching visit(s), newest first</source>
        <translation>
            <numerusform>%n 条符合条件的拜访，最新的在前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n visit(s), newest first</source>
        <translation>
            <numerusform>%n 条拜访，最新的在前</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4" />
        <source>Customer: name, pinyin, initials, code or phone</source>
        <translation>客户：名称、拼音、首字母、编号或电话</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Find visits by customer (Ctrl+Shift+F); Down goes to the list</source>
        <translation>按客户查找拜访（Ctrl+Shift+F）；按下方向键进入列表</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+1" />
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visits on or after this day</source>
        <translation>此日期当天或之后的拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visits on or before this day</source>
        <translation>此日期当天或之前的拜访</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Any purpose</source>
        <translation>任意目的</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only visits with this purpose</source>
        <translation>只显示此目的的拜访</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Any state</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Planned or in progress</source>
        <translation>已计划或进行中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Returned to the rep</source>
        <translation>已退回业务员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Only visits in this review state</source>
        <translation>只显示此审核状态的拜访</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Show every visit again</source>
        <translation>重新显示全部拜访</translation>
    </message>
    <message>
        <location line="+75" />
        <source>No visit matches</source>
        <translation>没有符合条件的拜访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nothing matches these filters. Change them, or press Clear to see every visit.</source>
        <translation>没有符合这些筛选条件的拜访。请修改条件，或点击“清除”查看全部拜访。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>No visits yet</source>
        <translation>暂无拜访</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Planned and logged visits appear here after a sync.</source>
        <translation>同步后，计划和已记录的拜访会显示在这里。</translation>
    </message>
</context>
<context>
    <name>WeekCalendar</name>
    <message>
        <location filename="../visits/week.py" line="+172" />
        <source>Previous week</source>
        <translation>上一周</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Next week</source>
        <translation>下一周</translation>
    </message>
    <message>
        <location line="+52" />
        <source>Week of %1</source>
        <translation>%1 这一周</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No visits planned this week. Plan one from any customer (Ctrl+Shift+V).</source>
        <translation>本周没有计划拜访。可以从任意客户安排拜访 (Ctrl+Shift+V)。</translation>
    </message>
</context>
<context>
    <name>WeekModel</name>
    <message>
        <location line="-176" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+39" />
        <source>free</source>
        <translation>空闲</translation>
    </message>
</context>
<context>
    <name>_DialogTab</name>
    <message>
        <location filename="../admin/catalog.py" line="-394" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Inactive</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <location filename="../customer_file/forms.py" line="-219" />
        <source>Restored what you typed last time; it was not saved yet.</source>
        <translation>已恢复您上次填写但尚未保存的内容。</translation>
    </message>
    <message>
        <location line="+27" />
        <source>%1 is required.</source>
        <translation>%1为必填项。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>At most %1 characters.</source>
        <translation>最多 %1 个字符。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not a phone number we recognise. For example: 138 1234 5678, 0571-88886666 or +44 20 7946 0958.</source>
        <translation>无法识别的电话号码。示例：138 1234 5678、0571-88886666 或 +44 20 7946 0958。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Not a valid email address (expected something like name@example.com).</source>
        <translation>电子邮件地址无效（应类似 name@example.com）。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Check the marked fields. Nothing you typed is lost.</source>
        <translation>请检查标出的字段。已填写的内容不会丢失。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Not saved: check the marked field. Nothing you typed is lost.</source>
        <translation>未保存：请检查标出的字段。已填写的内容不会丢失。</translation>
    </message>
</context>
</TS>
