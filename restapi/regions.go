package restapi

import "github.com/imconsole/imconsole/apps"

// Region is the data center whose REST API host a Client calls. An app's
// requests must go to the host of the data center it was created in;
// elsewhere Tencent answers 70020 (SDKAppID does not exist).
type Region string

// Data centers, with the hosts Tencent documents.
const (
	China         Region = "china"         // console.tim.qq.com
	Singapore     Region = "singapore"     // adminapisgp.im.qcloud.com
	Seoul         Region = "seoul"         // adminapikr.im.qcloud.com
	Frankfurt     Region = "frankfurt"     // adminapiger.im.qcloud.com
	Mumbai        Region = "mumbai"        // adminapiind.im.qcloud.com
	SiliconValley Region = "siliconvalley" // adminapiusa.im.qcloud.com
	Jakarta       Region = "jakarta"       // adminapiidn.im.qcloud.com
	Tokyo         Region = "tokyo"         // adminapijpn.im.qcloud.com
)

var regionHosts = map[Region][2]string{
	China:         {"console.tim.qq.com", "adminapi.my-imcloud.com"},
	Singapore:     {"adminapisgp.im.qcloud.com", "adminapisgp.my-imcloud.com"},
	Seoul:         {"adminapikr.im.qcloud.com", "adminapikr.my-imcloud.com"},
	Frankfurt:     {"adminapiger.im.qcloud.com", "adminapiger.my-imcloud.com"},
	Mumbai:        {"adminapiind.im.qcloud.com", "adminapiind.my-imcloud.com"},
	SiliconValley: {"adminapiusa.im.qcloud.com", "adminapiusa.my-imcloud.com"},
	Jakarta:       {"adminapiidn.im.qcloud.com", "adminapiidn.my-imcloud.com"},
	Tokyo:         {"adminapijpn.im.qcloud.com", ""},
}

// Regions lists every data center, China first.
func Regions() []Region {
	return []Region{China, Singapore, Seoul, Frankfurt, Mumbai, SiliconValley, Jakarta, Tokyo}
}

// Host returns the region's REST API host, "" for an unknown region.
func (r Region) Host() string { return regionHosts[r][0] }

// BackupHost returns the host Tencent documents for when the primary
// one's DNS is hijacked, "" when none is documented (Tokyo) or for an
// unknown region. Use it with WithBaseURL("https://" + r.BackupHost()).
func (r Region) BackupHost() string { return regionHosts[r][1] }

// RegionOf returns the REST API region of an app's data center, as the
// console reports it (apps.App.Region); false when there is none.
func RegionOf(dc apps.Region) (Region, bool) {
	switch dc {
	case apps.RegionChina:
		return China, true
	case apps.RegionSingapore:
		return Singapore, true
	case apps.RegionSeoul:
		return Seoul, true
	case apps.RegionFrankfurt:
		return Frankfurt, true
	case apps.RegionMumbai:
		return Mumbai, true
	case apps.RegionSiliconValley:
		return SiliconValley, true
	case apps.RegionJakarta:
		return Jakarta, true
	case apps.RegionTokyo:
		return Tokyo, true
	}
	return "", false
}
