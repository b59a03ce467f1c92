// The most common passwords of at least 8 characters (from public breach corpora), refused at sign-up.
const COMMON = `12345678 123456789 1234567890 password password1 password123 qwertyui qwerty123 qwertyuiop
11111111 00000000 iloveyou 1q2w3e4r 1qaz2wsx abc12345 abcd1234 sunshine princess football baseball
welcome1 welcome123 trustno1 superman starwars letmein1 passw0rd p@ssw0rd p@ssword admin123 administrator
zaq12wsx 87654321 12341234 88888888 asdfghjk asdfasdf 1234qwer qwer1234 q1w2e3r4 computer internet
michelle jennifer whatever dragon123 master123 monkey123 shadow123 charlie1 changeme changeme123
1qazxsw2 123123123 987654321 11223344 12121212 qazwsxedc access14 corvette mercedes mustang1
iloveyou1 loveyou1 freedom1 secret123 hello123 hellohello password12 password1234 aaaaaaaa`;

const COMMON_SET = new Set(COMMON.split(/\s+/).filter(Boolean));

export function isCommonPassword(password: string): boolean {
  return COMMON_SET.has(password.toLowerCase());
}
