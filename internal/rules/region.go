package rules

import "strings"

// Region is a Tencent Cloud data center by its region ID ("ap-singapore"):
// where an app's data lives (the console's App.Region) and whose REST API
// host serves the app. apps.Region and restapi.Region are this type.
type Region string

// Data centers an IM app can be created in.
const (
	China         Region = "ap-guangzhou"
	Singapore     Region = "ap-singapore"
	Jakarta       Region = "ap-jakarta"
	Seoul         Region = "ap-seoul"
	Tokyo         Region = "ap-tokyo"
	Frankfurt     Region = "eu-frankfurt"
	SiliconValley Region = "na-siliconvalley"
	Mumbai        Region = "ap-mumbai"
)

// Regions lists every data center, China first.
func Regions() []Region {
	return []Region{China, Singapore, Jakarta, Seoul, Tokyo, Frankfurt, SiliconValley, Mumbai}
}

// RegionList is every data center's region ID, China first, joined by
// ", " for an error message that says which regions there are.
func RegionList() string {
	ids := make([]string, 0, len(Regions()))
	for _, r := range Regions() {
		ids = append(ids, string(r))
	}
	return strings.Join(ids, ", ")
}

// Host returns the REST API host of the data center, "" for an unknown
// region.
func (r Region) Host() string {
	host, _ := r.hosts()
	return host
}

// BackupHost returns the REST API host Tencent documents for when the
// primary one's DNS is hijacked, "" when none is documented (Tokyo) or for
// an unknown region. Use it with restapi.WithBaseURL("https://" +
// r.BackupHost()).
func (r Region) BackupHost() string {
	_, backup := r.hosts()
	return backup
}

// hosts returns the primary and backup REST API hosts Tencent documents.
func (r Region) hosts() (primary, backup string) {
	switch r {
	case China:
		return "console.tim.qq.com", "adminapi.my-imcloud.com"
	case Singapore:
		return "adminapisgp.im.qcloud.com", "adminapisgp.my-imcloud.com"
	case Jakarta:
		return "adminapiidn.im.qcloud.com", "adminapiidn.my-imcloud.com"
	case Seoul:
		return "adminapikr.im.qcloud.com", "adminapikr.my-imcloud.com"
	case Tokyo:
		return "adminapijpn.im.qcloud.com", ""
	case Frankfurt:
		return "adminapiger.im.qcloud.com", "adminapiger.my-imcloud.com"
	case SiliconValley:
		return "adminapiusa.im.qcloud.com", "adminapiusa.my-imcloud.com"
	case Mumbai:
		return "adminapiind.im.qcloud.com", "adminapiind.my-imcloud.com"
	}
	return "", ""
}
