"""Whole short reports, written for these tests in the style of the sources
(维权网 posts, RFA/HK media, NGO statements): every record and its date."""
from __future__ import annotations

import pytest

from tests.stages.zh.zh_support import events

REPORTS = [
    pytest.param(
        "2023年5月10日\n（本网讯）据悉,河南维权人士杜文华于5月8日被郑州市公安局以涉嫌寻衅滋事罪刑事拘留,现关押在郑州市第三看守所。其妻子表示,警方至今未出示任何法律文书。",
        {("detained", "杜文华", "2023-05-08")}, id="blog-criminal-detention"),
    pytest.param(
        "2021年12月30日 香港報導\n《立場新聞》前總編輯鍾沛權及署理總編輯林紹桐昨日被控串謀發布煽動刊物罪,法官拒絕保釋,還押至明年2月。",
        {("indicted", "鍾沛權", "2021-12-29"), ("indicted", "林紹桐", "2021-12-29")}, id="hk-charged-bail-refused"),
    pytest.param(
        "2018年10月\n维权网消息:上访者刘桂英9月25日在北京被截访人员带走,关进黑监狱。10月3日她被送回原籍,次日被行政拘留10天。",
        {("detained", "刘桂英", "2018-09-25")}, id="petitioner-seized-then-detained-one-custody"),
    pytest.param(
        "2018年10月\n维权网消息:上访者刘桂英9月25日在北京被截访人员带走,关进黑监狱。10月3日她被释放回家,次日又被行政拘留10天。",
        {("detained", "刘桂英", "2018-09-25"), ("released", "刘桂英", "2018-10-03"), ("detained", "刘桂英", "2018-10-04")},
        id="petitioner-released-between-two-custodies"),
    pytest.param(
        "2016年8月5日\n天津市第二中级人民法院8月4日开庭审理维权人士吴春生、周世锋案。周世锋当日被以颠覆国家政权罪判处有期徒刑七年,吴春生被判处有期徒刑三年,缓刑三年。",
        {("tried", "吴春生", "2016-08-04"), ("tried", "周世锋", "2016-08-04"),
         ("sentenced", "周世锋", "2016-08-04"), ("sentenced", "吴春生", "2016-08-04")}, id="trial-and-verdicts"),
    pytest.param(
        "2019年7月\n藏人僧侣索朗丹增和扎西次仁于今年5月被捕,两人至今下落不明。当局拒绝透露关押地点。",
        {("arrested", "索朗丹增", "2019-05"), ("arrested", "扎西次仁", "2019-05"),
         ("disappeared", "索朗丹增", "2019-05"), ("disappeared", "扎西次仁", "2019-05")}, id="tibetan-monks"),
    pytest.param(
        "2015年7月\n709大抓捕中,北京锋锐律师事务所的律师周世雄、王全章等人被带走。其中王全章于2016年1月被以颠覆国家政权罪逮捕。",
        {("detained", "周世雄", None), ("detained", "王全章", None), ("arrested", "王全章", "2016-01")}, id="crackdown-list"),
    pytest.param(
        "2022年6月\n据自由亚洲电台报道,新疆哈萨克族人阿曼·卡德尔(Aman Kader)2018年被关进再教育营,2020年获释。",
        {("detained", "阿曼·卡德尔", "2018"), ("released", "阿曼·卡德尔", "2020")}, id="camp-transliterated"),
    pytest.param(
        "2024年2月1日\n澳籍作家杨恒均今天被北京市第二中级人民法院以间谍罪判处死刑,缓期二年执行。",
        {("sentenced", "杨恒均", "2024-02-01")}, id="death-reprieve"),
    pytest.param(
        "2019年12月\n律师丁志远的家属要求当局释放丁志远。目前没有任何消息。", set(), id="demand-only"),
    pytest.param(
        "2020年3月2日\n公民记者李泽明2月26日在武汉失联。", {("disappeared", "李泽明", "2020-02-26")}, id="missing"),
    pytest.param(
        "2023年4月\n台灣人楊智淵2022年8月在浙江溫州被中國國安以涉嫌分裂國家罪刑事拘留,翌年4月被正式逮捕。",
        {("detained", "楊智淵", "2022-08"), ("arrested", "楊智淵", "2023-04")}, id="taiwan-next-year"),
    pytest.param(
        "2019年1月\n維權律師王全璋上月28日在天津受審,今年1月28日被判處有期徒刑四年六個月,剝奪政治權利五年。",
        {("tried", "王全璋", "2018-12-28"), ("sentenced", "王全璋", "2019-01-28")}, id="last-month-and-this-year"),
    pytest.param(
        "2017年7月13日\n諾貝爾和平獎得主劉曉波今日在瀋陽病逝,終年61歲。他在服刑期間確診肝癌,2017年6月獲准保外就醫。",
        {("released", "劉曉波", "2017-06")}, id="medical-parole"),
    pytest.param(
        "【大纪元2019年05月20日讯】湖南维权人士欧阳军(男,52岁)5月18日被长沙市公安局以涉嫌寻衅滋事罪刑事拘留。",
        {("detained", "欧阳军", "2019-05-18")}, id="bracketed-dateline-compound-surname"),
    pytest.param(
        "发布时间:2018-03-02\n据维权律师孔令泽透露,其当事人访民邹秀清于2月27日在北京被截访后送回原籍,次日被当地警方行政拘留十日。",
        {("detained", "邹秀清", "2018-02-28")}, id="lawyer-reports-next-day"),
    pytest.param("2019-11-20\n人权律师贺新民在羁押期间死亡,家属质疑死因。", {("died_in_custody", "贺新民", None)}, id="died-in-custody"),
    pytest.param("2021年1月\n异议人士唐德胜已被关押两年多,其间多次遭受酷刑。", set(), id="duration-is-a-state"),
    pytest.param("2022年5月4日\n据悉,原定于本月开庭审理的维权人士乔保国案被推迟。", set(), id="planned-trial"),
    pytest.param("2022年5月4日\n维权人士乔保国的律师申请取保候审,但被驳回。", set(), id="bail-refused"),
    pytest.param(
        "2019年8月\n上海访民章春芳、严美华等十余人因到北京上访,8月3日被关进黑监狱,8月10日获释。",
        {("detained", "章春芳", "2019-08-03"), ("detained", "严美华", "2019-08-03"),
         ("released", "章春芳", "2019-08-10"), ("released", "严美华", "2019-08-10")}, id="group-held-and-freed"),
    pytest.param(
        "2018年6月\n國際特赦組織今日表示,維吾爾族學者伊力哈木·土赫提2014年9月被判處無期徒刑,應立即獲得釋放。",
        {("sentenced", "伊力哈木·土赫提", "2014-09")}, id="ngo-statement-demand"),
    pytest.param(
        "2019年3月\n人權律師江天勇2017年11月被長沙市中級人民法院以煽動顛覆國家政權罪判處有期徒刑兩年。他於2019年2月28日刑滿出獄,但隨即被軟禁在河南老家。",
        {("sentenced", "江天勇", "2017-11"), ("released", "江天勇", "2019-02-28"), ("house_arrest", "江天勇", None)}, id="term-served-then-house-arrest"),
    pytest.param(
        "2022年3月2日\n記者張展去年12月在上海被判刑4年,她在獄中絕食抗議,家人擔心她會死於獄中。",
        {("sentenced", "張展", "2021-12")}, id="feared-death-is-not-an-event"),
    pytest.param("2021年10月\n据报道,一名在天安门广场展开横幅的男子被警方带走。", set(), id="unnamed-man"),
    pytest.param(
        "2019年11月2日\n据维权网报道,湖北武汉访民卢秀英10月28日赴京上访,在国家信访局附近被当地截访人员强行带回,随后被武汉市江汉区公安分局行政拘留十日。",
        {("detained", "卢秀英", "2019-10-28")}, id="ten-days-is-a-length"),
    pytest.param(
        "2020年12月28日 自由亚洲电台\n上海法院今天以寻衅滋事罪判处公民记者张秀珍有期徒刑四年。张秀珍于今年2月前往武汉报道疫情,5月14日失联,翌日被证实被上海警方带走,6月19日被正式逮捕,9月被起诉。",
        {("sentenced", "张秀珍", "2020-12-28"), ("disappeared", "张秀珍", "2020-05-14"), ("detained", "张秀珍", "2020-05-15"),
         ("arrested", "张秀珍", "2020-06-19"), ("indicted", "张秀珍", "2020-09")}, id="one-person-many-steps"),
    pytest.param(
        "2018年7月\n广西维权人士覃永红(女)及其丈夫邓国强于7月3日被警方带走,邓国强于次日获释。",
        {("detained", "覃永红", "2018-07-03"), ("detained", "邓国强", "2018-07-03"), ("released", "邓国强", "2018-07-04")}, id="couple"),
    pytest.param(
        "（中央社台北2022年4月25日電）陸委會今天表示,台灣出版人李燕華3月下旬在上海被國安人員帶走。",
        {("detained", "李燕華", "2022-03")}, id="cna-dateline"),
    pytest.param("2016年9月\n上周四,吉林长春法轮功学员梁淑芬被警方上门抓走,至今下落不明。",
                 {("detained", "梁淑芬", None), ("disappeared", "梁淑芬", None)}, id="place-before-role"),
    pytest.param("2026年3月10日\n陆委会痛批,中共逮捕和拘禁文化人李燕华。", {("arrested", "李燕华", None)}, id="two-words-one-act"),
    pytest.param(
        "2020年7月29日 香港\n港獨組織「學生動源」前召集人鍾翰林及另外三名成員今日被國安處以涉嫌煽動分裂國家拘捕。",
        {("arrested", "鍾翰林", "2020-07-29")}, id="quoted-organisation-and-unnamed-members"),
    pytest.param(
        "2021年2月28日\n47名民主派人士今日被控串謀顛覆國家政權罪,包括戴耀明、黃子峰及岑子浩等。",
        {("indicted", "戴耀明", "2021-02-28"), ("indicted", "黃子峰", "2021-02-28"), ("indicted", "岑子浩", "2021-02-28")}, id="including-a-list"),
    pytest.param(
        "2023年12月\n根據法庭文件,社民連成員古思堯於2022年6月被捕,2023年1月被判監9個月。他於同年10月刑滿出獄。",
        {("arrested", "古思堯", "2022-06"), ("sentenced", "古思堯", "2023-01"), ("released", "古思堯", "2023-10")}, id="hk-arrest-sentence-release"),
    pytest.param(
        "2022年10月\n北京四通橋抗議者彭立發(又名彭載舟)於10月13日懸掛橫幅後被捕,至今下落不明。",
        {("arrested", "彭立發", "2022-10-13"), ("disappeared", "彭立發", "2022-10-13")}, id="alias-in-parentheses"),
    pytest.param(
        "2018年3月12日星期一\n\n（维权网信息员报道）江苏南京访民陶红梅、刘春生夫妇3月5日到北京上访,在中南海附近被警察抓走,关押在马家楼,次日被南京驻京办人员接回。3月8日,陶红梅被南京市鼓楼区公安分局以“扰乱公共秩序”为由行政拘留10日,刘春生获释回家。",
        {("detained", "陶红梅", "2018-03-05"), ("detained", "刘春生", "2018-03-05"), ("detained", "陶红梅", "2018-03-08"), ("released", "刘春生", "2018-03-08")},
        id="heading-date-scopes-over-the-sentence"),
    pytest.param(
        "2017年12月26日\n\n今天上午,湖北武汉中院对维权人士秦永敏案进行宣判,以颠覆国家政权罪判处秦永敏有期徒刑十三年,剥夺政治权利三年。秦永敏于2015年1月被抓捕,同年7月被逮捕,其妻子赵素利也于2015年1月失踪。",
        {("sentenced", "秦永敏", "2017-12-26"), ("detained", "秦永敏", "2015-01"), ("arrested", "秦永敏", "2015-07"), ("disappeared", "赵素利", "2015-01")},
        id="verdict-then-history"),
    pytest.param(
        "2014年6月\n\n5月3日,学者徐友渔、律师浦志强等十余人在北京参加纪念“六四”研讨会后,相继被警方以涉嫌寻衅滋事罪刑事拘留。6月13日,浦志强被检察院批准逮捕,徐友渔等人则先后被取保候审。",
        {("detained", "徐友渔", "2014-05-03"), ("detained", "浦志强", "2014-05-03"), ("arrested", "浦志强", "2014-06-13"), ("released", "徐友渔", None)},  # 先后: at various times
        id="seminar-detentions"),
    pytest.param(
        "人权观察站 2023年4月12日\n\n访民柯玉兰2021年曾被行政拘留十五日。她的同乡汤家旺于今年1月被警方以寻衅滋事罪刑事拘留,去年曾被约谈。",
        {("detained", "柯玉兰", "2021"), ("detained", "汤家旺", "2023-01")}, id="masthead-dateline-anchors-this-year"),
    pytest.param(
        "个案档案\n\n姓名:甘立舟\n性别:男\n羁押地点:湖北省武汉市第二看守所\n拘留日期:2021年4月2日\n罪名:寻衅滋事罪\n现状:2021年5月被正式逮捕,2022年1月被判处有期徒刑三年。",
        {("detained", "甘立舟", "2021-04-02"), ("arrested", "甘立舟", "2021-05"), ("sentenced", "甘立舟", "2022-01")}, id="case-file-fields"),
    pytest.param(
        "维权人士祁海涛案大事记\n\n2016年3月2日:在广州家中被带走\n2016年4月9日:被广州市检察院以煽动颠覆国家政权罪批准逮捕\n2017年2月:在广州市中级法院受审\n2017年6月:被判处有期徒刑四年\n2020年3月:刑满出狱,但随即被软禁于家中",
        {("detained", "祁海涛", "2016-03-02"), ("arrested", "祁海涛", "2016-04-09"), ("tried", "祁海涛", "2017-02"),
         ("sentenced", "祁海涛", "2017-06"), ("released", "祁海涛", "2020-03"), ("house_arrest", "祁海涛", "2020-03")}, id="chronology-under-a-title"),
    pytest.param(
        "人权观察站 2021年3月5日\n\n作者:柯德华\n\n我是湖南访民柯德华。3月1日,我在北京被截访人员抓走,关进了黑监狱,3月3日才被放出来。",
        {("detained", "柯德华", "2021-03-01"), ("released", "柯德华", "2021-03-03")}, id="first-person-account"),
    pytest.param(
        "人权观察站 2021年3月5日\n\n律师谢振远说:“我在看守所里见到了当事人。”",
        set(), id="first-person-inside-a-quote-is-no-narrator"),
]


@pytest.mark.parametrize("text,expected", REPORTS)
def test_report(text, expected):
    got = {(r.event_type, r.person.name, r.date.iso if r.date else None) for r in events(text)}
    assert got == expected


def test_sentence_kind_and_suspension():
    report = {p.id: p.values[0] for p in REPORTS}
    recs = {r.person.name: r.sentence for r in events(report["trial-and-verdicts"] + "\n" + report["death-reprieve"]) if r.sentence}
    assert recs["周世锋"].months == 84 and not recs["周世锋"].suspended
    assert recs["吴春生"].months == 36 and recs["吴春生"].suspended
    assert recs["杨恒均"].kind == "death_reprieve"


def test_case_file_fields_give_the_detention_its_place_and_charge():
    text = "个案档案\n\n姓名:甘立舟\n羁押地点:湖北省武汉市第二看守所\n拘留日期:2021年4月2日\n罪名:寻衅滋事罪\n"
    (rec,) = events(text)
    assert (rec.event_type, rec.location.name, [c.id for c in rec.charges]) == ("detained", "湖北省武汉市第二看守所", ["picking_quarrels"])
