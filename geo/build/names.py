"""English names for admin units: Hanyu Pinyin of the proper name plus the unit type.

pypinyin picks the reading; place names whose customary reading differs from the
common one (六安 Lu'an, 蚌埠 Bengbu, 台州 Taizhou …) are fixed in ``OVERRIDES``.
"""
from __future__ import annotations

PROVINCE_EN = {"上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui"}

#: proper-name part (suffix removed) → pinyin, where the default reading is wrong
OVERRIDES = {
    "六安": "Lu'an", "蚌埠": "Bengbu", "蚌山": "Bengshan", "台州": "Taizhou", "亳州": "Bozhou",
    "歙": "She", "黟": "Yi", "枞阳": "Zongyang", "涡阳": "Guoyang", "濉溪": "Suixi",
    "砀山": "Dangshan", "相城": "Xiangcheng", "鸠江": "Jiujiang", "长兴": "Changxing",
    "长宁": "Changning", "乐清": "Yueqing", "丽水": "Lishui", "莲都": "Liandu",
    "泗洪": "Sihong", "盱眙": "Xuyi", "邳州": "Pizhou", "睢宁": "Suining",
    "沭阳": "Shuyang", "东台": "Dongtai", "天台": "Tiantai", "临海": "Linhai",
    "嵊州": "Shengzhou", "嵊泗": "Shengsi", "岱山": "Daishan", "普陀": "Putuo",
    "柯桥": "Keqiao", "上虞": "Shangyu", "诸暨": "Zhuji", "鄞州": "Yinzhou", "镇海": "Zhenhai",
    "北仑": "Beilun", "奉化": "Fenghua", "余姚": "Yuyao", "慈溪": "Cixi", "海曙": "Haishu",
    "衢州": "Quzhou", "衢江": "Qujiang", "柯城": "Kecheng", "龙游": "Longyou",
    "浦江": "Pujiang", "婺城": "Wucheng", "缙云": "Jinyun", "遂昌": "Suichang",
    "庆元": "Qingyuan", "景宁畲族": "Jingning She", "泰顺": "Taishun",
    "瓯海": "Ouhai", "鹿城": "Lucheng", "龙湾": "Longwan", "洞头": "Dongtou",
    "苍南": "Cangnan", "平阳": "Pingyang", "文成": "Wencheng", "瑞安": "Rui'an",
    "龙港": "Longgang", "瑶海": "Yaohai", "庐阳": "Luyang", "蜀山": "Shushan",
    "包河": "Baohe", "长丰": "Changfeng", "肥东": "Feidong", "肥西": "Feixi",
    "庐江": "Lujiang", "巢湖": "Chaohu", "弋江": "Yijiang", "繁昌": "Fanchang",
    "湾沚": "Wanzhi", "南陵": "Nanling", "无为": "Wuwei", "禹会": "Yuhui",
    "淮上": "Huaishang", "怀远": "Huaiyuan", "五河": "Wuhe", "固镇": "Guzhen",
    "大通": "Datong", "田家庵": "Tianjia'an", "谢家集": "Xiejiaji", "八公山": "Bagongshan",
    "潘集": "Panji", "凤台": "Fengtai", "花山": "Huashan",
    "雨山": "Yushan", "博望": "Bowang", "当涂": "Dangtu", "含山": "Hanshan", 
    "杜集": "Duji", "相山": "Xiangshan", "烈山": "Lieshan", "铜官": "Tongguan",
    "义安": "Yi'an", "郊区": "Jiaoqu", "迎江": "Yingjiang", "大观": "Daguan",
    "宜秀": "Yixiu", "怀宁": "Huaining", "太湖": "Taihu", "宿松": "Susong",
    "望江": "Wangjiang", "岳西": "Yuexi", "桐城": "Tongcheng", "潜山": "Qianshan",
    "屯溪": "Tunxi", "黄山": "Huangshan", "徽州": "Huizhou", "休宁": "Xiuning",
    "祁门": "Qimen", "琅琊": "Langya", "南谯": "Nanqiao", "来安": "Lai'an",
    "全椒": "Quanjiao", "定远": "Dingyuan", "凤阳": "Fengyang", "天长": "Tianchang",
    "明光": "Mingguang", "颍州": "Yingzhou", "颍东": "Yingdong", "颍泉": "Yingquan",
    "临泉": "Linquan", "太和": "Taihe", "阜南": "Funan", "颍上": "Yingshang",
    "界首": "Jieshou", "埇桥": "Yongqiao", "萧县": "Xiaoxian", "灵璧": "Lingbi",
    "金安": "Jin'an", "裕安": "Yu'an", "叶集": "Yeji", "霍邱": "Huoqiu", "舒城": "Shucheng",
    "金寨": "Jinzhai", "霍山": "Huoshan", "谯城": "Qiaocheng", "蒙城": "Mengcheng",
    "利辛": "Lixin", "贵池": "Guichi", "东至": "Dongzhi", "石台": "Shitai",
    "青阳": "Qingyang", "宣州": "Xuanzhou", "郎溪": "Langxi", "泾县": "Jingxian",
    "绩溪": "Jixi", "旌德": "Jingde", "宁国": "Ningguo", "广德": "Guangde",
    "铜陵": "Tongling", "池州": "Chizhou", "宣城": "Xuancheng", "阜阳": "Fuyang",
    "宿州": "Suzhou", "淮北": "Huaibei", "淮南": "Huainan", "滁州": "Chuzhou",
    "安庆": "Anqing", "马鞍山": "Ma'anshan", "芜湖": "Wuhu", "合肥": "Hefei",
    "长江": "Changjiang", "重庆": "Chongqing", "建德": "Jiande", "淳安": "Chun'an",
    "桐庐": "Tonglu", "临安": "Lin'an", "富阳": "Fuyang", "萧山": "Xiaoshan",
    "余杭": "Yuhang", "临平": "Linping", "钱塘": "Qiantang", "拱墅": "Gongshu",
    "上城": "Shangcheng", "西湖": "Xihu", "滨江": "Binjiang", "常熟": "Changshu",
    "张家港": "Zhangjiagang", "太仓": "Taicang", "昆山": "Kunshan", "吴中": "Wuzhong",
    "吴江": "Wujiang", "姑苏": "Gusu", "虎丘": "Huqiu", "梁溪": "Liangxi",
    "滨湖": "Binhu", "惠山": "Huishan", "锡山": "Xishan", "新吴": "Xinwu",
    "江阴": "Jiangyin", "宜兴": "Yixing", "溧阳": "Liyang", "金坛": "Jintan",
    "武进": "Wujin", "新北": "Xinbei", "天宁": "Tianning", "钟楼": "Zhonglou",
    "溧水": "Lishui", "高淳": "Gaochun", "六合": "Luhe", "浦口": "Pukou",
    "栖霞": "Qixia", "鼓楼": "Gulou", "秦淮": "Qinhuai", "建邺": "Jianye",
    "玄武": "Xuanwu", "雨花台": "Yuhuatai", "江宁": "Jiangning", 
    "盐都": "Yandu", "亭湖": "Tinghu", "大丰": "Dafeng", "射阳": "Sheyang",
    "阜宁": "Funing", "滨海": "Binhai", "响水": "Xiangshui", "建湖": "Jianhu",
    "洪泽": "Hongze", "涟水": "Lianshui", "金湖": "Jinhu", "淮阴": "Huaiyin",
    "清江浦": "Qingjiangpu", "淮安": "Huai'an", "宿城": "Sucheng", "宿豫": "Suyu",
    "泗阳": "Siyang", "沛县": "Peixian", "丰县": "Fengxian", "铜山": "Tongshan",
    "贾汪": "Jiawang", "泉山": "Quanshan", "云龙": "Yunlong", "新沂": "Xinyi",
    "海州": "Haizhou", "连云": "Lianyun", "赣榆": "Ganyu", "东海": "Donghai",
    "灌云": "Guanyun", "灌南": "Guannan", "广陵": "Guangling", "邗江": "Hanjiang",
    "江都": "Jiangdu", "仪征": "Yizheng", "高邮": "Gaoyou", "宝应": "Baoying",
    "京口": "Jingkou", "润州": "Runzhou", "丹徒": "Dantu", "丹阳": "Danyang",
    "扬中": "Yangzhong", "句容": "Jurong", "海陵": "Hailing", "高港": "Gaogang",
    "姜堰": "Jiangyan", "兴化": "Xinghua", "靖江": "Jingjiang", "泰兴": "Taixing",
    "崇川": "Chongchuan", "通州": "Tongzhou", "海门": "Haimen", "如东": "Rudong",
    "启东": "Qidong", "如皋": "Rugao", "海安": "Hai'an", "泰州": "Taizhou",
    "莲湖": "Lianhu", "嘉善": "Jiashan", "南湖": "Nanhu", "秀洲": "Xiuzhou",
    "海盐": "Haiyan", "海宁": "Haining", "平湖": "Pinghu", "桐乡": "Tongxiang",
    "吴兴": "Wuxing", "南浔": "Nanxun", "德清": "Deqing", "安吉": "Anji",
    "越城": "Yuecheng", "新昌": "Xinchang", "金东": "Jindong", "武义": "Wuyi",
    "磐安": "Pan'an", "兰溪": "Lanxi", "义乌": "Yiwu", "东阳": "Dongyang",
    "永康": "Yongkang", "常山": "Changshan", "开化": "Kaihua", "江山": "Jiangshan",
    "定海": "Dinghai", "椒江": "Jiaojiang", "黄岩": "Huangyan", "路桥": "Luqiao",
    "三门": "Sanmen", "仙居": "Xianju", "温岭": "Wenling", "玉环": "Yuhuan",
    "青田": "Qingtian", "松阳": "Songyang", "云和": "Yunhe", "龙泉": "Longquan",
    "永嘉": "Yongjia", "象山": "Xiangshan", "宁海": "Ninghai", "江北": "Jiangbei",
    "黄浦": "Huangpu", "徐汇": "Xuhui", "静安": "Jing'an", 
    "虹口": "Hongkou", "杨浦": "Yangpu", "闵行": "Minhang", "宝山": "Baoshan",
    "嘉定": "Jiading", "金山": "Jinshan", "松江": "Songjiang",
    "青浦": "Qingpu", "奉贤": "Fengxian", "崇明": "Chongming", "镜湖": "Jinghu",
    
}

_SUFFIX = [("自治县", "Autonomous County"), ("新区", "New Area"), ("区", "District"),
           ("县", "County"), ("市", "City"), ("省", "")]


def _pinyin(proper: str) -> str:
    if proper in OVERRIDES:
        return OVERRIDES[proper]
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(proper, style=Style.NORMAL)
    text = ""
    for s in syllables:
        if text and s[0] in "aoe":
            text += "'"
        text += s
    return text.capitalize()


def english_name(name_zh: str, level: str) -> str:
    """English name of an admin unit.

    Provinces and prefecture cities get the bare pinyin (``苏州市`` → ``Suzhou``);
    counties keep their type (``吴江区`` → ``Wujiang District``, ``嘉善县`` →
    ``Jiashan County``, ``昆山市`` → ``Kunshan City``).
    """
    if level == "province":
        return PROVINCE_EN[name_zh]
    for zh, en in _SUFFIX:
        if name_zh.endswith(zh) and len(name_zh) > len(zh):
            base = _pinyin(name_zh[: -len(zh)])
            return base if level == "city" else f"{base} {en}"
    return _pinyin(name_zh)
